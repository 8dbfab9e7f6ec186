/**
 * Example: the zkinterop SDK end to end — send on chain 271, wait until verifiable on 272, build the
 * proof, verify it off-chain and in a transaction, and print the message's trace — against a network
 * this script starts in-process on free ports.
 *
 *   npx tsx examples/sdk.ts
 */
import {
  createChainClients,
  deployInteropVerifier,
  getInteropProof,
  sendMessage,
  traceMessage,
  verifyMessage,
  verifyMessageOnchain,
  waitForMessage,
} from 'zkinterop/sdk';
// The network itself (EDR, servers) comes from the root entry; a client of a running network needs only zkinterop/sdk.
import { devAccounts, startNetwork } from 'zkinterop';

const network = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] });
try {
  const key = devAccounts()[0]!.privateKey;
  const a = await createChainClients({ rpcUrl: network.chains[0]!.rpcUrl, account: key });
  const b = await createChainClients({ rpcUrl: network.chains[1]!.rpcUrl, account: key });
  const gateway = await createChainClients({ rpcUrl: network.gateway.rpcUrl });

  const { txHash, messageHash } = await sendMessage(a.walletClient!, { message: 'hello from the SDK' });
  console.log(`sent ${txHash} (message ${messageHash}) on ${a.chainId}`);

  await waitForMessage(a.publicClient, {
    txHash,
    until: 'verifiable',
    on: b.publicClient,
    timeoutMs: 60_000,
    onProgress: ({ stage, elapsedMs }) => console.log(`  ${stage} after ${elapsedMs} ms`),
  });

  const proof = await getInteropProof(a.publicClient, { txHash });
  const verified = await verifyMessage(b.publicClient, proof);
  const { address } = await deployInteropVerifier(b.walletClient!);
  const onchain = await verifyMessageOnchain(b.walletClient!, { verifierAddress: address, ...proof });

  const trace = await traceMessage({ source: a.publicClient, gateway: gateway.publicClient, targets: [b.publicClient] }, { txHash });
  for (const step of trace.steps) console.log(`  ${step.step.padEnd(12)} chain ${step.chainId}`);

  console.log(`verified on ${b.chainId}: ${verified}`);
  console.log(`verified on-chain on ${b.chainId}: ${onchain.verified}`);
  process.exitCode = verified && onchain.verified ? 0 : 1;
} finally {
  await network.stop();
}
