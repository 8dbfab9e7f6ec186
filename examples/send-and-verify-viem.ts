/**
 * Example: send a message on chain 271 and verify it on chain 272 with plain viem and JSON-RPC (no
 * SDK), against a network this script starts in-process on free ports. Each step is what the
 * protocol asks for: sendToL1, the `proof_based_gw` log proof, the batch's Gateway block, the
 * interop root's import on the target, then `proveL2MessageInclusionShared`.
 *
 *   npx tsx examples/send-and-verify-viem.ts
 */
import { createPublicClient, createWalletClient, defineChain, encodeFunctionData, http, stringToHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { contracts, devAccounts, startNetwork } from 'zkinterop';

type LogProof = { id: number; proof: Hex[]; batchNumber: number };
type Receipt = { l1BatchTxIndex: Hex };

const network = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] });
try {
  const [a, b] = network.chains;
  const chainA = defineChain({ id: a!.chainId, name: 'chain A', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [a!.rpcUrl] } } });
  const account = privateKeyToAccount(devAccounts()[0]!.privateKey);
  const wallet = createWalletClient({ account, chain: chainA, transport: http(a!.rpcUrl) });
  const source = createPublicClient({ chain: chainA, transport: http(a!.rpcUrl) });
  const target = createPublicClient({ transport: http(b!.rpcUrl) });
  const gateway = createPublicClient({ transport: http(network.gateway.rpcUrl) });
  const request = <T>(client: { request: unknown }, method: string, params: unknown[]) => (client.request as (a: { method: string; params: unknown[] }) => Promise<T>)({ method, params });
  const poll = async <T>(probe: () => Promise<T | null | undefined | false>, what: string): Promise<T> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const message = stringToHex('hello from viem');
  const txHash = await wallet.sendTransaction({
    to: contracts.L1_MESSENGER_ADDRESS,
    data: encodeFunctionData({ abi: contracts.l1MessengerAbi, functionName: 'sendToL1', args: [message] }),
  });
  const receipt = await poll(() => request<Receipt | null>(source, 'eth_getTransactionReceipt', [txHash]), 'the receipt');
  console.log(`sent ${txHash} on ${a!.chainId}`);

  // The proof exists once the batch is executed on Gateway.
  const proof = await poll(() => request<LogProof | null>(source, 'zks_getL2ToL1LogProof', [txHash, 0, 'proof_based_gw']), 'the proof');
  const batch = await request<{ executeTxHash: Hex }>(source, 'zks_getL1BatchDetails', [proof.batchNumber]);
  const executeReceipt = await gateway.getTransactionReceipt({ hash: batch.executeTxHash });

  // The interop root of that Gateway block must be imported on the target before verifying.
  await poll(async () => {
    const root = await target.readContract({ address: contracts.L2_INTEROP_ROOT_STORAGE_ADDRESS, abi: contracts.l2InteropRootStorageAbi, functionName: 'interopRoots', args: [506n, executeReceipt.blockNumber] });
    return BigInt(root) !== 0n;
  }, 'the interop root on the target');

  const verified = await target.readContract({
    address: contracts.L2_MESSAGE_VERIFICATION_ADDRESS,
    abi: contracts.l2MessageVerificationAbi,
    functionName: 'proveL2MessageInclusionShared',
    args: [BigInt(a!.chainId), BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: Number(BigInt(receipt.l1BatchTxIndex)), sender: account.address, data: message }, proof.proof],
  });
  console.log(`verified on ${b!.chainId}: ${verified}`);
  process.exitCode = verified ? 0 : 1;
} finally {
  await network.stop();
}
