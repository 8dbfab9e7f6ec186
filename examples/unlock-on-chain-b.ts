/**
 * Example: "unlock on chain B" — an account acts on chain 271 and a contract on chain 272 grants it a
 * badge, trusting nothing but a proof. BadgeIssuer (contracts/examples/BadgeIssuer.sol) on 272 accepts
 * ERC-7786 calls only from InteropHandler and only from accounts on 271; the user sends it a one-call
 * bundle on 271 and waits: the network's relayer (auto-relay, on by default) executes it on 272 with its
 * proof once 272 imported the Gateway root that proves it. With auto-relay off (`up --no-autorelay`) wait
 * `until: 'provable'` and call `executeBundle` with the proof instead.
 * Runs against a network this script starts in-process on free ports.
 *
 *   npx tsx examples/unlock-on-chain-b.ts
 */
import { createChainClients, sendBundle, waitForBundle } from 'zkinterop/sdk';
// The network itself (EDR, servers) and the example contract's bytecode come from the root entry.
import { contracts, devAccounts, startNetwork } from 'zkinterop';

const network = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] });
try {
  const key = devAccounts()[0]!.privateKey;
  const a = await createChainClients({ rpcUrl: network.chains[0]!.rpcUrl, account: key });
  const b = await createChainClients({ rpcUrl: network.chains[1]!.rpcUrl, account: key });
  const user = a.walletClient!.account.address;

  // Chain B: the contract that unlocks a badge for accounts that acted on chain A (271).
  const deployHash = await b.walletClient!.deployContract({ abi: contracts.badgeIssuerAbi, bytecode: contracts.badgeIssuerBytecode, args: [BigInt(a.chainId)] });
  const { contractAddress: issuer } = await b.publicClient.waitForTransactionReceipt({ hash: deployHash });
  console.log(`BadgeIssuer on ${b.chainId}: ${issuer}`);

  // Chain A: the action, a bundle with one call to the issuer; its recipient learns the sender as 271:user.
  const sent = await sendBundle(a.walletClient!, { destinationChainId: b.chainId, calls: [{ to: issuer!, data: '0x' }] });
  console.log(`bundle ${sent.bundleHash} sent on ${a.chainId}`);

  // The relayer executes it; a failed execution would end the wait with BundleExecutionFailedError.
  const executed = await waitForBundle(a.publicClient, b.publicClient, {
    txHash: sent.txHash,
    until: 'executed',
    timeoutMs: 60_000,
    onProgress: ({ stage }) => console.log(`  ${stage}`),
  });
  console.log(`executed on ${b.chainId} by the relayer: ${executed.executedTxHash}`);

  const badge = await b.publicClient.readContract({ address: issuer!, abi: contracts.badgeIssuerAbi, functionName: 'badges', args: [user] });
  console.log(`badge on ${b.chainId}: ${badge}`);
  process.exitCode = badge ? 0 : 1;
} finally {
  await network.stop();
}
