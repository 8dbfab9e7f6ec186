/**
 * zksync-js 0.0.19's interop flow (`sdk.interop.quote / prepare / create / status / wait / finalize`,
 * viem adapter), step by step as the SDK takes them, written here with viem in our own words: the same
 * JSON-RPC methods with the same parameters, the same contract calls in the same order, the same rules
 * for reading receipts and proofs (each step names the SDK source it follows, under
 * `src/adapters/viem/resources/interop/` and `src/core/resources/interop/` at tag v0.0.19). Nothing here
 * knows it talks to zkinterop: it reaches the chains only over HTTP JSON-RPC, so a step that fails here
 * fails for the SDK too. Used by test/e2e/zksyncJsFlow.test.ts.
 */
import { concat, decodeAbiParameters, decodeEventLog, encodeAbiParameters, encodeFunctionData, getAddress, numberToHex, toBytes, toEventSelector, toHex, type Address, type Hex, type PublicClient, type WalletClient } from 'viem';
import {
  INTEROP_CENTER_ADDRESS,
  INTEROP_HANDLER_ADDRESS,
  L1_MESSENGER_ADDRESS,
  L2_ASSET_ROUTER_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  L2_NATIVE_TOKEN_VAULT_ADDRESS,
  bridgehubAbi,
  chainTypeManagerAbi,
  interopCenterAbi,
  interopHandlerAbi,
  l1AssetRouterAbi,
  l1NullifierAbi,
  l2InteropRootStorageAbi,
  l2NativeTokenVaultAbi,
  testTokenAbi,
} from '../../src/contracts/index.ts';
import { interopAttributes } from '../../src/protocol/bundle.ts';

/** The clients a zksync-js user holds: the L1, Gateway (`interop.gwChain`), the source L2 with a wallet, and the destination. */
export type Sides = {
  l1: PublicClient;
  gateway: PublicClient;
  source: PublicClient;
  destination: PublicClient;
  sourceWallet: WalletClient;
  destinationWallet: WalletClient;
};

/** What `commonCtx` (context.ts) gathers before any route is built. */
export type Context = {
  sender: Address;
  sourceChainId: bigint;
  destinationChainId: bigint;
  bridgehub: Address;
  l1AssetRouter: Address;
  l1Nullifier: Address;
  l1NativeTokenVault: Address;
  /** getSemverProtocolVersion of each side's chain type manager on the L1 */
  protocolVersions: { source: readonly [number, number, number]; destination: readonly [number, number, number] };
  baseTokens: { source: Address; destination: Address; matches: boolean };
};

export type Action =
  | { type: 'call'; to: Address; data: Hex; value?: bigint }
  | { type: 'sendNative'; to: Address; amount: bigint }
  | { type: 'sendErc20'; token: Address; to: Address; amount: bigint };

export type Step = { key: string; to: Address; data: Hex; value: bigint };
export type Plan = { route: 'direct' | 'indirect'; steps: Step[]; fee: { perCall: bigint; total: bigint }; reads: { zkInteropFee: bigint; zkToken: Address } };

/** What `wait` hands to `finalize` (InteropFinalizationInfo), with what it read on the way, for the tests. */
export type FinalizationInfo = {
  l2SrcTxHash: Hex;
  bundleHash: Hex;
  dstChainId: bigint;
  encodedData: Hex;
  proof: { chainId: bigint; l1BatchNumber: bigint; l2MessageIndex: bigint; message: { txNumberInBatch: number; sender: Address; data: Hex }; proof: Hex[] };
  /** read on the way: the raw receipt, the L1MessageSent index and the normalised proof */
  receipt: RawReceipt;
  l2ToL1LogIndex: number;
  gatewayBlockNumber: bigint;
};

export type RawReceipt = {
  status: Hex;
  blockNumber: Hex;
  transactionIndex: Hex;
  l1BatchTxIndex?: Hex | null;
  l2ToL1Logs?: unknown[];
  logs: { address: Address; topics: [Hex, ...Hex[]]; data: Hex; transactionHash: Hex }[];
};

/** topic0 of both L1MessageSent spellings the SDK accepts (core/constants.ts). */
const L1_MESSAGE_SENT_TOPICS = [toEventSelector('L1MessageSent(address,bytes32,bytes)'), toEventSelector('L1MessageSent(uint256,bytes32,bytes)')];
const INTEROP_BUNDLE_SENT = toEventSelector(interopCenterAbi.find((i) => i.type === 'event' && i.name === 'InteropBundleSent')! as never);
const HANDLER_TOPIC = (name: 'BundleVerified' | 'BundleExecuted' | 'BundleUnbundled') => toEventSelector(interopHandlerAbi.find((i) => i.type === 'event' && i.name === name)! as never);
const ZERO_HASH = `0x${'00'.repeat(32)}` as Hex;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const raw = <T>(client: PublicClient, method: string, params: unknown[]): Promise<T> => client.request({ method, params } as never) as Promise<T>;

/** ERC-7930 of a chain with no address (address.ts formatInteropEvmChain). */
export const formatChain = (chainId: bigint): Hex => {
  const ref = toBytes(numberToHex(chainId));
  return concat(['0x00010000', numberToHex(ref.length, { size: 1 }), toHex(ref), '0x00']);
};
/** ERC-7930 of an address with no chain reference (address.ts formatInteropEvmAddress). */
export const formatAddress = (address: Address): Hex => concat(['0x000100000014', getAddress(address)]);

/** context.ts commonCtx with client.ts ensureAddresses / getProtocolVersion / baseToken. */
export async function interopContext(s: Sides): Promise<Context> {
  const sender = s.sourceWallet.account!.address;
  const sourceChainId = BigInt(await s.source.getChainId());
  const destinationChainId = BigInt(await s.destination.getChainId());
  const bridgehub = getAddress(await raw<Address>(s.source, 'zks_getBridgehubContract', []));
  const l1AssetRouter = await s.l1.readContract({ address: bridgehub, abi: bridgehubAbi, functionName: 'assetRouter' });
  const l1Nullifier = await s.l1.readContract({ address: l1AssetRouter, abi: l1AssetRouterAbi, functionName: 'L1_NULLIFIER' });
  const l1NativeTokenVault = await s.l1.readContract({ address: l1Nullifier, abi: l1NullifierAbi, functionName: 'l1NativeTokenVault' });
  const versionOf = async (chainId: bigint) => {
    const ctm = await s.l1.readContract({ address: bridgehub, abi: bridgehubAbi, functionName: 'chainTypeManager', args: [chainId] });
    if (same(ctm, '0x0000000000000000000000000000000000000000')) throw new Error(`chain ${chainId} has no chain type manager on the L1`);
    const version = (await s.l1.readContract({ address: ctm, abi: chainTypeManagerAbi, functionName: 'getSemverProtocolVersion' })) as readonly [number, number, number];
    // protocol.ts assertProtocolVersion: the minor is the protocol version.
    if (version[1] < 31) throw new Error(`Interop requires protocol version 31.0+. Found: ${version[1]}.${version[2]} for chain: ${chainId}.`);
    return version;
  };
  const [sourceVersion, destinationVersion] = await Promise.all([versionOf(sourceChainId), versionOf(destinationChainId)]);
  const baseToken = (chainId: bigint) => s.l1.readContract({ address: bridgehub, abi: bridgehubAbi, functionName: 'baseToken', args: [chainId] });
  const [sourceBase, destinationBase] = await Promise.all([baseToken(sourceChainId), baseToken(destinationChainId)]);
  return {
    sender,
    sourceChainId,
    destinationChainId,
    bridgehub,
    l1AssetRouter,
    l1Nullifier,
    l1NativeTokenVault,
    protocolVersions: { source: sourceVersion, destination: destinationVersion },
    baseTokens: { source: sourceBase, destination: destinationBase, matches: same(sourceBase, destinationBase) },
  };
}

/**
 * quote / prepare (index.ts buildPlanWithCtx): route.ts picks the route, attributes/resource.ts the
 * attributes, services/fee.ts the fee (protocol fee per call, `useFixedFee(false)`), routes/direct.ts or
 * routes/indirect.ts (with services/erc20.ts: ensureTokenIsRegistered, allowance, approve) the steps.
 */
export async function prepare(s: Sides, ctx: Context, actions: Action[]): Promise<Plan> {
  const route = actions.some((a) => a.type === 'sendErc20') || !ctx.baseTokens.matches ? 'indirect' : 'direct';
  // fee.ts reads the fixed fee and the ZK token only with useFixed; the flow reads them too, to show they answer.
  const read = <T>(functionName: 'ZK_INTEROP_FEE' | 'zkToken' | 'interopProtocolFee') => s.source.readContract({ address: INTEROP_CENTER_ADDRESS, abi: interopCenterAbi, functionName }) as Promise<T>;
  const [zkInteropFee, zkToken, perCall] = await Promise.all([read<bigint>('ZK_INTEROP_FEE'), read<Address>('zkToken'), read<bigint>('interopProtocolFee')]);
  const fee = { perCall, total: perCall * BigInt(actions.length) };

  const steps: Step[] = [];
  const assetIds = new Map<string, Hex>();
  for (const action of actions) {
    if (action.type !== 'sendErc20' || assetIds.has(action.token.toLowerCase())) continue;
    const { result } = await s.source.simulateContract({ address: L2_NATIVE_TOKEN_VAULT_ADDRESS, abi: l2NativeTokenVaultAbi, functionName: 'ensureTokenIsRegistered', args: [action.token], account: ctx.sender });
    assetIds.set(action.token.toLowerCase(), result as Hex);
  }
  for (const token of assetIds.keys()) {
    steps.push({ key: `ensure-token:${token}`, to: L2_NATIVE_TOKEN_VAULT_ADDRESS, data: encodeFunctionData({ abi: l2NativeTokenVaultAbi, functionName: 'ensureTokenIsRegistered', args: [getAddress(token)] }), value: 0n });
  }
  for (const [token] of assetIds) {
    const amount = actions.reduce((sum, a) => (a.type === 'sendErc20' && same(a.token, token) ? sum + a.amount : sum), 0n);
    const allowance = await s.source.readContract({ address: getAddress(token), abi: testTokenAbi, functionName: 'allowance', args: [ctx.sender, L2_NATIVE_TOKEN_VAULT_ADDRESS] });
    if (allowance < amount) steps.push({ key: `approve:${token}`, to: getAddress(token), data: encodeFunctionData({ abi: testTokenAbi, functionName: 'approve', args: [L2_NATIVE_TOKEN_VAULT_ADDRESS, amount] }), value: 0n });
  }

  const starters = actions.map((action) => {
    switch (action.type) {
      case 'call':
        return { to: formatAddress(action.to), data: action.data, callAttributes: action.value ? [interopAttributes.interopCallValue(action.value)] : [] };
      case 'sendNative':
        return { to: formatAddress(action.to), data: '0x' as Hex, callAttributes: [interopAttributes.interopCallValue(action.amount)] };
      case 'sendErc20': {
        const transferData = encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'address' }], [action.amount, action.to, action.token]);
        const payload = concat(['0x01', encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes' }], [assetIds.get(action.token.toLowerCase())!, transferData])]);
        return { to: formatAddress(L2_ASSET_ROUTER_ADDRESS), data: payload, callAttributes: [interopAttributes.indirectCall(0n)] };
      }
    }
  });
  const actionValue = actions.reduce((sum, a) => sum + (a.type === 'sendNative' ? a.amount : a.type === 'call' ? (a.value ?? 0n) : 0n), 0n);
  steps.push({
    key: 'sendBundle',
    to: INTEROP_CENTER_ADDRESS,
    data: encodeFunctionData({ abi: interopCenterAbi, functionName: 'sendBundle', args: [formatChain(ctx.destinationChainId), starters, [interopAttributes.useFixedFee(false)]] }),
    value: actionValue + fee.total,
  });
  return { route, steps, fee, reads: { zkInteropFee, zkToken } };
}

/** create (index.ts): each step with the pending nonce, gas = estimate × 1.15, waiting for a successful receipt. */
export async function create(s: Sides, plan: Plan): Promise<{ stepHashes: Record<string, Hex>; l2SrcTxHash: Hex }> {
  const account = s.sourceWallet.account!;
  let nonce = await s.source.getTransactionCount({ address: account.address, blockTag: 'pending' });
  const stepHashes: Record<string, Hex> = {};
  for (const step of plan.steps) {
    const estimate = await s.source.estimateGas({ account: account.address, to: step.to, data: step.data, value: step.value });
    const hash = await s.sourceWallet.sendTransaction({ account, chain: null, to: step.to, data: step.data, value: step.value, gas: (estimate * 115n) / 100n, nonce: nonce++ });
    stepHashes[step.key] = hash;
    const receipt = await s.source.waitForTransactionReceipt({ hash });
    if (receipt.status === 'reverted') throw new Error(`Interop transaction reverted on source L2 (step ${step.key}, ${hash}).`);
  }
  return { stepHashes, l2SrcTxHash: Object.values(stepHashes).at(-1)! };
}

/** The bundle hash from the source receipt (finalization.ts parseBundleSentFromReceipt, via eth_getTransactionReceipt). */
export async function bundleHashOf(s: Sides, txHash: Hex): Promise<Hex> {
  const receipt = await s.source.getTransactionReceipt({ hash: txHash });
  const log = receipt.logs.find((l) => same(l.address, INTEROP_CENTER_ADDRESS) && same(l.topics[0] ?? '', INTEROP_BUNDLE_SENT));
  if (!log) throw new Error('Failed to locate InteropBundleSent event in source receipt.');
  return decodeBundleSent(log).bundleHash;
}

function decodeBundleSent(log: { data: Hex; topics: Hex[] }): { bundleHash: Hex; sourceChainId: bigint; destinationChainId: bigint } {
  const { args } = decodeEventLog({ abi: interopCenterAbi, eventName: 'InteropBundleSent', data: log.data, topics: log.topics as [Hex, ...Hex[]] }) as unknown as {
    args: { interopBundleHash: Hex; interopBundle: { sourceChainId: bigint; destinationChainId: bigint } };
  };
  return { bundleHash: args.interopBundleHash, sourceChainId: args.interopBundle.sourceChainId, destinationChainId: args.interopBundle.destinationChainId };
}

/**
 * eth_getLogs on the destination's InteropHandler with topics [null, bundleHash], from the head back in
 * chunks of 10,000 blocks, at most 20,000 back, shrinking to a "max block range N" the node names
 * (data-fetchers.ts getLogs); stops at the first chunk with logs.
 */
async function handlerLogs(destination: PublicClient, bundleHash: Hex): Promise<{ topics: Hex[]; transactionHash: Hex }[]> {
  // The SDK calls getBlockNumber() on the client it is given; viem caches that answer for the client's
  // cacheTime (4 s over HTTP by default), so ask for a fresh one as a client made with cacheTime 0 would.
  const head = await destination.getBlockNumber({ cacheTime: 0 });
  const min = head > 20_000n ? head - 20_000n : 0n;
  let to = head;
  let chunk = 10_000n;
  while (to >= min) {
    const from = to - chunk + 1n > min ? to - chunk + 1n : min;
    try {
      const logs = await raw<{ topics: Hex[]; transactionHash: Hex }[]>(destination, 'eth_getLogs', [{ address: INTEROP_HANDLER_ADDRESS, topics: [null, bundleHash], fromBlock: numberToHex(from), toBlock: numberToHex(to) }]);
      if (logs.length > 0) return logs;
      if (from === 0n) return [];
      to = from - 1n;
    } catch (error) {
      const limit = /query exceeds max block range\s+(\d+)/i.exec(String((error as Error).message));
      if (limit) chunk = BigInt(limit[1]!) < chunk ? BigInt(limit[1]!) : chunk;
      else if (chunk > 1_000n) chunk = 1_000n;
      else throw error;
    }
  }
  return [];
}

/** status (bundle.ts getBundleStatus): UNBUNDLED, else EXECUTED, else VERIFIED by the last log of each, else SENT. */
export async function status(s: Sides, bundleHash: Hex): Promise<{ phase: 'SENT' | 'VERIFIED' | 'EXECUTED' | 'UNBUNDLED'; dstExecTxHash?: Hex }> {
  const logs = await handlerLogs(s.destination, bundleHash);
  const last = (name: 'BundleVerified' | 'BundleExecuted' | 'BundleUnbundled') => [...logs].reverse().find((l) => same(l.topics[0] ?? '', HANDLER_TOPIC(name)));
  const unbundled = last('BundleUnbundled');
  if (unbundled) return { phase: 'UNBUNDLED', dstExecTxHash: unbundled.transactionHash };
  const executed = last('BundleExecuted');
  if (executed) return { phase: 'EXECUTED', dstExecTxHash: executed.transactionHash };
  if (last('BundleVerified')) return { phase: 'VERIFIED' };
  return { phase: 'SENT' };
}

async function until<T>(what: string, deadline: number, pollMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(pollMs);
  }
}

/**
 * wait (polling.ts waitForFinalization): the receipt with l2ToL1Logs (eth_getTransactionReceipt, the
 * array forced), parseBundleReceiptInfo's walk of its logs, `finalized` at or past the receipt's block,
 * zks_getL2ToL1LogProof(tx, index, "messageRoot") normalised as zks.ts normalizeProof does, then the
 * destination's interopRoots(gwChainId, gatewayBlockNumber) non-zero; buildFinalizationInfo's proof.
 */
export async function wait(s: Sides, l2SrcTxHash: Hex, options: { timeoutMs?: number; pollMs?: number } = {}): Promise<FinalizationInfo> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const pollMs = options.pollMs ?? 50;
  const receipt = await until('source receipt', deadline, pollMs, async () => (await raw<RawReceipt | null>(s.source, 'eth_getTransactionReceipt', [l2SrcTxHash])) ?? undefined);
  receipt.l2ToL1Logs = Array.isArray(receipt.l2ToL1Logs) ? receipt.l2ToL1Logs : [];

  // parseBundleReceiptInfo: every L1MessageSent of L1Messenger counts and keeps its data; the first
  // InteropBundleSent of InteropCenter ends the walk.
  let l2ToL1LogIndex = -1;
  let l1MessageData: Hex | undefined;
  let found: ReturnType<typeof decodeBundleSent> | undefined;
  for (const log of receipt.logs) {
    if (same(log.address, L1_MESSENGER_ADDRESS) && L1_MESSAGE_SENT_TOPICS.some((t) => same(t, log.topics[0]))) {
      l2ToL1LogIndex += 1;
      [l1MessageData] = decodeAbiParameters([{ type: 'bytes' }], log.data);
      continue;
    }
    if (!same(log.address, INTEROP_CENTER_ADDRESS) || !same(log.topics[0], INTEROP_BUNDLE_SENT)) continue;
    found = decodeBundleSent(log);
    break;
  }
  if (!found) throw new Error('Failed to locate InteropBundleSent event in source receipt.');
  if (!l1MessageData) throw new Error('Failed to locate L1MessageSent log data for interop bundle.');
  const txNumberInBatch = Number(BigInt(receipt.transactionIndex));

  const blockNumber = BigInt(receipt.blockNumber);
  await until('the block to be finalized', deadline, pollMs, async () => {
    const finalized = await s.source.getBlock({ blockTag: 'finalized' });
    return finalized.number !== null && finalized.number >= blockNumber ? true : undefined;
  });
  const rawProof = await until('the L2->L1 log proof', deadline, pollMs, async () => {
    try {
      return (await raw<Record<string, unknown> | null>(s.source, 'zks_getL2ToL1LogProof', [l2SrcTxHash, l2ToL1LogIndex, 'messageRoot'])) ?? undefined;
    } catch (error) {
      if (/proof not yet available/i.test(String((error as Error).message))) return undefined;
      throw error;
    }
  });
  const id = rawProof.id ?? rawProof.index;
  const batchNumber = rawProof.batch_number ?? rawProof.batchNumber;
  if (id == null || batchNumber == null) throw new Error('Malformed proof: missing id or batch number.');
  if (rawProof.gatewayBlockNumber == null) throw new Error('Proof missing gatewayBlockNumber required for interop finalization.');
  const gatewayBlockNumber = BigInt(rawProof.gatewayBlockNumber as number | string);

  const gwChainId = BigInt(await s.gateway.getChainId());
  await until('interop root to become available', deadline, pollMs, async () => {
    const root = await s.destination.readContract({ address: L2_INTEROP_ROOT_STORAGE_ADDRESS, abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [gwChainId, gatewayBlockNumber] });
    return root !== ZERO_HASH ? root : undefined;
  });

  if (!l1MessageData.startsWith('0x01')) throw new Error('Unexpected bundle prefix in L1MessageSent data.');
  return {
    l2SrcTxHash,
    bundleHash: found.bundleHash,
    dstChainId: found.destinationChainId,
    encodedData: `0x${l1MessageData.slice(4)}`,
    proof: {
      chainId: found.sourceChainId,
      l1BatchNumber: BigInt(batchNumber as number | string),
      l2MessageIndex: BigInt(id as number | string),
      message: { txNumberInBatch, sender: INTEROP_CENTER_ADDRESS, data: l1MessageData },
      proof: (Array.isArray(rawProof.proof) ? rawProof.proof : []) as Hex[],
    },
    receipt,
    l2ToL1LogIndex,
    gatewayBlockNumber,
  };
}

/** finalize (bundle.ts executeBundle): refuses an EXECUTED or UNBUNDLED bundle, then executeBundle(encodedData, proof) with the destination wallet. */
export async function finalize(s: Sides, info: FinalizationInfo): Promise<{ hash: Hex; status: 'success' | 'reverted' }> {
  const { phase } = await status(s, info.bundleHash);
  if (phase === 'EXECUTED' || phase === 'UNBUNDLED') throw new Error(`Interop bundle has already been ${phase.toLowerCase()}.`);
  const account = s.destinationWallet.account!;
  const hash = await s.destinationWallet.writeContract({ account, chain: null, address: INTEROP_HANDLER_ADDRESS, abi: interopHandlerAbi, functionName: 'executeBundle', args: [info.encodedData, info.proof] });
  const receipt = await s.destination.waitForTransactionReceipt({ hash });
  if (receipt.status === 'reverted') throw new Error(`Interop bundle execution reverted on destination (${hash}).`);
  return { hash, status: receipt.status };
}
