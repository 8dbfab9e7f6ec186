/**
 * Example: send a message on chain 271 and verify it on the L1 under Gateway (chain 9) with plain viem
 * and JSON-RPC (no SDK), against a network this script starts in-process on free ports. Each step is
 * what a real ZKsync network asks for: sendToL1 on the chain, then `zks_getL2ToL1LogProof(tx, 0)`
 * without a mode (the server's proof to the L1: recursive through Gateway, null until Gateway's batch
 * holding the chain's batch is executed on the L1), then `Bridgehub.proveL2MessageInclusion` on the L1
 * at the address `zks_getBridgehubContract` names.
 *
 *   npx tsx examples/send-and-verify-on-l1.ts
 */
import { createPublicClient, createWalletClient, defineChain, encodeFunctionData, http, stringToHex, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { contracts, devAccounts, startNetwork } from 'zkinterop';

type LogProof = { id: number; proof: Hex[]; batchNumber: number };
type Receipt = { l1BatchTxIndex: Hex };

// An L1 runs under Gateway by default; `l1: false` (`up --no-l1`) would start a network without one.
const network = await startNetwork({ gateway: { chainId: 506, port: 0 }, chains: [{ chainId: 271, port: 0 }] });
try {
  const chain = network.node(271);
  const chainA = defineChain({ id: 271, name: 'chain A', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [chain.rpcUrl] } } });
  const account = privateKeyToAccount(devAccounts()[0]!.privateKey);
  const wallet = createWalletClient({ account, chain: chainA, transport: http(chain.rpcUrl) });
  const source = createPublicClient({ chain: chainA, transport: http(chain.rpcUrl) });
  const l1 = createPublicClient({ transport: http(network.l1!.rpcUrl) });
  const request = <T>(method: string, params: unknown[]) => (source.request as (a: { method: string; params: unknown[] }) => Promise<T>)({ method, params });
  const poll = async <T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  const message = stringToHex('hello, L1');
  const txHash = await wallet.sendTransaction({
    to: contracts.L1_MESSENGER_ADDRESS,
    data: encodeFunctionData({ abi: contracts.l1MessengerAbi, functionName: 'sendToL1', args: [message] }),
  });
  const receipt = await poll(() => request<Receipt | null>('eth_getTransactionReceipt', [txHash]), 'the receipt');
  console.log(`sent ${txHash} on 271; L1 is chain ${Number(await request<Hex>('zks_L1ChainId', []))}`);

  // No mode: the proof to the L1, there once Gateway's batch holding this chain's batch is executed on the L1.
  const proof = await poll(() => request<LogProof | null>('zks_getL2ToL1LogProof', [txHash, 0]), 'the proof to the L1');
  const bridgehub = await request<Address>('zks_getBridgehubContract', []);
  const verified = await l1.readContract({
    address: bridgehub,
    abi: contracts.bridgehubAbi,
    functionName: 'proveL2MessageInclusion',
    args: [271n, BigInt(proof.batchNumber), BigInt(proof.id), { txNumberInBatch: Number(BigInt(receipt.l1BatchTxIndex)), sender: account.address, data: message }, proof.proof],
  });
  console.log(`verified on the L1: ${verified}`);
  process.exitCode = verified ? 0 : 1;
} finally {
  await network.stop();
}
