/**
 * Example: a bundle of two calls where the second fails, and how it still gets done. The network's relayer
 * tries to execute the bundle on chain 272; the second call reverts, so the whole execution would revert and
 * the relayer records the bundle as `failed`, with the revert reason and a call trace. The bundle names its
 * sender as unbundler, who then runs the first call and cancels the second with `unbundleBundle`.
 * Runs against a network this script starts in-process on free ports.
 *
 *   npx tsx examples/unbundle-failing-call.ts
 */
import { stringToHex, type Address } from 'viem';
import { createChainClients, getBundleProof, sendBundle, unbundleBundle, waitForBundleLifecycle } from 'zkinterop/sdk';
// The network itself (EDR, servers) and the example receiver's bytecode come from the root entry.
import { contracts, devAccounts, startNetwork } from 'zkinterop';

const network = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] });
try {
  const key = devAccounts()[0]!.privateKey;
  const a = await createChainClients({ rpcUrl: network.chains[0]!.rpcUrl, account: key });
  const b = await createChainClients({ rpcUrl: network.chains[1]!.rpcUrl, account: key });
  const user = a.walletClient!.account.address;

  // Chain B: two ERC-7786 receivers; BundleReceiver refuses the payload "fail".
  const deploy = async (): Promise<Address> => {
    const hash = await b.walletClient!.deployContract({ abi: contracts.bundleReceiverAbi, bytecode: contracts.bundleReceiverBytecode });
    return (await b.publicClient.waitForTransactionReceipt({ hash })).contractAddress!;
  };
  const first = await deploy();
  const second = await deploy();
  const calls = (receiver: Address) => b.publicClient.readContract({ address: receiver, abi: contracts.bundleReceiverAbi, functionName: 'count' });

  // Chain A: one bundle, two calls, the second doomed; the user may unbundle it.
  const sent = await sendBundle(a.walletClient!, {
    destinationChainId: b.chainId,
    calls: [{ to: first, data: stringToHex('hello') }, { to: second, data: stringToHex('fail') }],
    unbundlerAddress: user,
  });
  console.log(`bundle ${sent.bundleHash} sent on ${a.chainId}`);

  // The relayer tries it on B and records why it could not run.
  const { lifecycle } = await waitForBundleLifecycle(a.publicClient, { bundleHash: sent.bundleHash, until: 'executed', timeoutMs: 60_000 });
  console.log(`relayer: ${lifecycle.stage}, call ${lifecycle.failure?.callIndex} reverted with ${lifecycle.failure?.reason}`);

  // The unbundler runs the first call and cancels the second.
  const proof = await getBundleProof(a.publicClient, { txHash: sent.txHash });
  const unbundled = await unbundleBundle(b.walletClient!, { proof, calls: ['execute', 'cancel'] });
  console.log(`unbundled on ${b.chainId}: ${unbundled.txHash}`);

  const { lifecycle: after } = await waitForBundleLifecycle(b.publicClient, { bundleHash: sent.bundleHash, until: 'unbundled', timeoutMs: 60_000 });
  const counts = [await calls(first), await calls(second)];
  console.log(`calls received: ${counts.join(', ')}; bundle ${after.stage}`);
  const ok = lifecycle.stage === 'failed' && after.stage === 'unbundled' && counts[0] === 1n && counts[1] === 0n;
  console.log(`unbundled the failing call: ${ok}`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await network.stop();
}
