/**
 * The `zks_*` methods of a chain (SPEC §8): batches and their Gateway settlement, transaction and
 * block details, L2→L1 log proofs, and the fee methods zksync-ethers and viem call while building a
 * transaction. Shapes and number formats follow the real ZKsync server: hex for quantities, JSON
 * numbers for `id`, `batchNumber`, `number` and `timestamp`. The token, bridge and protocol-version
 * methods are in zksTokenMethods.ts, the block-data ones (raw transactions, bytecode, proofs) in
 * zksBlockData.ts; this list includes them.
 */
import { PROTOCOL_MINOR_VERSION } from './zksTokenMethods.ts';
import { ZkInteropError } from '../../errors.ts';
import { z } from 'zod';
import type { Hex } from 'viem';
import { numberToHex } from 'viem';
import { defineMethod, type RpcMethod } from '../../rpc/methodTable.ts';
import { JsonText } from '../../rpc/jsonText.ts';
import { hash32, optionalParam, quantityAsNumber } from '../../rpc/schemas.ts';
import { chainSettlementAddress } from '../../contracts/index.ts';
import type { ChainNode } from '../chainNode.ts';
import type { Batch } from '../types.ts';
import { callRequest } from './params.ts';
import { forwardToEngine } from './forwardToEngine.ts';
import { createRequestBounds, type RequestBounds } from './requestLimits.ts';
import { boundedCall } from './boundedCall.ts';
import { zksTokenMethods } from './zksTokenMethods.ts';
import { zksBlockData } from './zksBlockData.ts';
import { GAS_PER_PUBDATA } from '../../protocol/constants.ts';
import { isRootImport } from './present.ts';
import type { ProofToL1 } from '../proofToL1.ts';
import type { StageTx } from '../layerFinality.ts';

/** ZKsync's L2 Bridgehub address, reported by zks_getBridgehubContract. */
export const L2_BRIDGEHUB_ADDRESS = '0x0000000000000000000000000000000000010002';
const ZERO_HASH = `0x${'00'.repeat(32)}` as Hex;

/**
 * The proof targets zks_getL2ToL1LogProof takes, and what each becomes: `messageRoot` (the ZKsync OS
 * server's `LogProofTarget::MessageRoot`, read by zksync-js: the Gateway proof plus `gatewayBlockNumber`),
 * `proof_based_gw` and zksync-era's `gw_message_root` (the same proof words, no block field), and
 * `l1BatchRoot` (the OS server's default: as no target).
 */
const PROOF_TARGETS = { messageRoot: 'messageRoot', proof_based_gw: 'gateway', gw_message_root: 'gateway', l1BatchRoot: 'l1BatchRoot' } as const;
type ProofTarget = (typeof PROOF_TARGETS)[keyof typeof PROOF_TARGETS];
const ACCEPTED_TARGETS = `"messageRoot" (to the interop root of the Gateway block that executed the batch, with gatewayBlockNumber), "proof_based_gw" or "gw_message_root" (the same proof), "l1BatchRoot", or none (the default proof)`;

function proofTargetOf(mode: unknown): ProofTarget | undefined {
  return typeof mode === 'string' && Object.hasOwn(PROOF_TARGETS, mode) ? PROOF_TARGETS[mode as keyof typeof PROOF_TARGETS] : undefined;
}

/** Which root a log proof ends at. */
const proofMode = z.string({ error: `expected a proof target: ${ACCEPTED_TARGETS}` }).transform((mode, ctx) => {
  const target = proofTargetOf(mode);
  if (target) return target;
  ctx.issues.push({ code: 'custom', message: `unknown proof target "${mode}"; accepted: ${ACCEPTED_TARGETS}`, input: mode });
  return z.NEVER;
});

/** Params of zks_getL2ToL1LogProof(txHash, index?, mode?): what every call is checked against. */
export const logProofParams = z.tuple([hash32, optionalParam(quantityAsNumber.or(z.number().int().nonnegative())), optionalParam(proofMode)]);

const HASH32_TEXT = /^0[xX][0-9a-fA-F]{64}$/;

/**
 * `logProofParams` for the calls clients make (hash, then a JSON-number index and a known mode, each
 * optional): the same output without zod's walk; anything else goes to the schema.
 */
export function fastLogProofParams(params: readonly unknown[]): z.output<typeof logProofParams> | undefined {
  if (params.length < 1 || params.length > 3) return undefined;
  const [hash, index, mode] = params;
  if (typeof hash !== 'string' || !HASH32_TEXT.test(hash)) return undefined;
  let n: number | undefined;
  if (typeof index === 'number') {
    if (!Number.isSafeInteger(index) || index < 0) return undefined;
    n = index;
  } else if (index !== undefined && index !== null) return undefined;
  const m = proofTargetOf(mode);
  if (!m && mode !== undefined && mode !== null) return undefined;
  const h = `0x${hash.slice(2).toLowerCase()}` as Hex;
  // As zod's tuple: as many entries as were given.
  return params.length === 1 ? [h] : params.length === 2 ? [h, n] : [h, n, m];
}

function asJsonText(json: string | null): JsonText | null {
  return json === null ? null : new JsonText(json);
}

/** Numbers a number-or-hex param may be given as (the real server takes both for batch numbers). */
const batchNumberParam = z.union([z.number().int().nonnegative(), quantityAsNumber], { error: 'expected a batch number (JSON number or hex quantity)' });

/**
 * All zks methods of one chain.
 * @param settlementLayerChainId the chain id of where this chain settles (Gateway), or its own for Gateway
 * @param bounds request limits and the process's call gate (zks_estimateFee is bounded as eth_estimateGas)
 * @param l1ChainId what zks_L1ChainId answers: the L1's id where the network runs one (SPEC §10), else
 *   the settlement layer's (a Gateway-only network treats Gateway as its L1)
 * @param proofToL1 where the network runs an L1 under Gateway: what zks_getL2ToL1LogProof answers
 *   without a mode (the recursive proof to the L1, src/chain/proofToL1.ts); absent: the final proof
 * @param onL1 the chain settles on the L1 directly (SPEC §10): a Gateway-mode proof is refused
 *   (INTEROP_UNSUPPORTED), since its batch roots never reach Gateway's MessageRoot
 */
export function zksNamespace(node: ChainNode, settlementLayerChainId: number, bounds: RequestBounds = createRequestBounds(), l1ChainId = settlementLayerChainId, proofToL1?: ProofToL1, onL1 = false): RpcMethod[] {
  return [
    ...zksTokenMethods(node),
    ...zksBlockData(node),
    defineMethod({
      name: 'zks_getL2ToL1LogProof',
      params: logProofParams,
      paramNames: ['txHash', 'index', 'mode'],
      fastParams: fastLogProofParams,
      handler: ([hash, index, target]) => {
        if ((target === 'gateway' || target === 'messageRoot') && onL1) throw interopToL1ChainError(node.chainId, `a ${target === 'gateway' ? 'proof_based_gw' : 'messageRoot'} proof of its messages`);
        const mode = target === 'l1BatchRoot' ? undefined : target;
        if (mode === undefined && proofToL1) {
          const json = proofToL1(hash as Hex, index ?? 0);
          return typeof json === 'string' || json === null ? asJsonText(json) : json.then(asJsonText);
        }
        const json = node.logProofJson(hash as Hex, index ?? 0, mode ?? 'final');
        return json === null ? null : new JsonText(json);
      },
    }),
    defineMethod({
      name: 'zks_getTransactionDetails',
      params: z.tuple([hash32]),
      paramNames: ['txHash'],
      handler: async ([hash]) => transactionDetails(node, hash as Hex),
    }),
    defineMethod({
      name: 'zks_getL1BatchDetails',
      params: z.tuple([batchNumberParam]),
      paramNames: ['batchNumber'],
      handler: async ([n]) => {
        const batch = node.batch(n);
        if (!batch || batch.stage === 'open') return null;
        // rootHash is the state root after the batch: the EVM state root of its last block.
        const last = await node.engine.request<{ stateRoot: Hex } | null>('eth_getBlockByNumber', [numberToHex(batch.lastBlock), false]);
        return batchDetails(node, batch, last?.stateRoot ?? null, settlementLayerChainId);
      },
    }),
    defineMethod({
      name: 'zks_L1BatchNumber',
      params: z.tuple([]),
      handler: () => numberToHex(node.lastBatchWithStage('sealed')),
    }),
    defineMethod({
      name: 'zks_getL1BatchBlockRange',
      params: z.tuple([batchNumberParam]),
      paramNames: ['batchNumber'],
      handler: ([n]) => {
        const batch = node.batch(n);
        return batch && batch.stage !== 'open' ? [numberToHex(batch.firstBlock), numberToHex(batch.lastBlock)] : null;
      },
    }),
    defineMethod({
      name: 'zks_getBlockDetails',
      params: z.tuple([batchNumberParam]),
      paramNames: ['blockNumber'],
      handler: async ([n]) => {
        if (n > node.blockNumber) return null;
        const block = await node.engine.request<{ hash: Hex; timestamp: Hex; transactions: Hex[]; miner: Hex } | null>('eth_getBlockByNumber', [numberToHex(n), false]);
        if (!block) return null;
        // Never null, as on the real server: a block of the open batch reports the number that batch will have.
        const batch = node.batchOfBlock(n);
        const settled = batch && batch.stage !== 'open' ? batch : undefined;
        return {
          number: n,
          l1BatchNumber: (batch ?? node.batches[node.batches.length - 1]!).number,
          timestamp: Number(BigInt(block.timestamp)),
          l1TxCount: 0,
          // User transactions only: root imports are bootloader work (present.ts).
          l2TxCount: block.transactions.length - node.rootImportTxs(n),
          rootHash: block.hash,
          status: settled?.stage === 'executed' ? 'verified' : 'sealed',
          ...settlementFields(node, settled, settlementLayerChainId),
          operatorAddress: block.miner,
          protocolVersion: `Version${PROTOCOL_MINOR_VERSION}`,
        };
      },
    }),
    defineMethod({ name: 'zks_L1ChainId', params: z.tuple([]), handler: () => numberToHex(l1ChainId) }),
    defineMethod({ name: 'zks_getBridgehubContract', params: z.tuple([]), handler: () => L2_BRIDGEHUB_ADDRESS }),
    // The node's settlement contract on its settlement layer (a chain's on Gateway, Gateway's on the L1).
    defineMethod({ name: 'zks_getMainContract', params: z.tuple([]), handler: () => chainSettlementAddress(node.chainId) }),
    defineMethod({ name: 'zks_getBaseTokenL1Address', params: z.tuple([]), handler: () => '0x0000000000000000000000000000000000000001' }),
    defineMethod({ name: 'zks_getTestnetPaymaster', params: z.tuple([]), handler: () => null }),
    defineMethod({ name: 'zks_gasPerPubdata', params: z.tuple([]), handler: () => numberToHex(GAS_PER_PUBDATA) }),
    defineMethod({
      name: 'zks_estimateFee',
      params: z.tuple([callRequest]),
      paramNames: ['transaction'],
      // An estimate like eth_estimateGas: gas at most the cap, a remote caller's turn and timeout.
      handler: async ([request], ctx) => {
        const [gas, gasPrice] = await Promise.all([
          boundedCall(bounds, ctx, 'zks_estimateFee', request, (tx) => forwardToEngine<Hex>(node.engine, 'eth_estimateGas', [tx, 'latest'])),
          node.engine.request<Hex>('eth_gasPrice', []),
        ]);
        return { gas_limit: gas, max_fee_per_gas: gasPrice, max_priority_fee_per_gas: '0x0', gas_per_pubdata_limit: numberToHex(GAS_PER_PUBDATA) };
      },
    }),
    defineMethod({
      name: 'zks_getFeeParams',
      params: z.tuple([]),
      handler: async () => {
        const gasPrice = Number(BigInt(await node.engine.request<Hex>('eth_gasPrice', [])));
        return {
          V2: {
            config: { minimal_l2_gas_price: gasPrice, compute_overhead_part: 0, pubdata_overhead_part: 1, batch_overhead_l1_gas: 800_000, max_gas_per_batch: 200_000_000, max_pubdata_per_batch: 500_000 },
            l1_gas_price: 0,
            l1_pubdata_price: 0,
            conversion_ratio: { numerator: 1, denominator: 1 },
          },
        };
      },
    }),
  ];
}

/** zks_getTransactionDetails: lifecycle and the Gateway transactions of its batch. */
async function transactionDetails(node: ChainNode, hash: Hex) {
  const tx = await node.engine.request<{ from: Hex; gasPrice?: Hex; blockNumber: Hex | null; transactionIndex: Hex | null } | null>('eth_getTransactionByHash', [node.evmHashOf(hash)]);
  // A root import's own hash names no transaction (bootloader work; present.ts).
  if (!tx || isRootImport(node, tx)) return null;
  const receipt = await node.engine.request<{ status: Hex; gasUsed: Hex; effectiveGasPrice: Hex } | null>('eth_getTransactionReceipt', [node.evmHashOf(hash)]);
  const loc = node.txLocation(hash);
  const batch = loc?.batch;
  const failed = receipt && BigInt(receipt.status) === 0n;
  const receivedAt = node.receivedAtOf(hash);
  return {
    isL1Originated: false,
    status: failed ? 'failed' : !receipt ? 'pending' : batch?.stage === 'executed' ? 'verified' : 'included',
    fee: receipt ? numberToHex(BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice)) : '0x0',
    gasPerPubdata: numberToHex(node.zksyncTransaction(hash)?.gasPerPubdata ?? GAS_PER_PUBDATA),
    initiatorAddress: tx.from,
    receivedAt: new Date(receivedAt ?? Date.now()).toISOString(),
    ethCommitTxHash: batch?.commitTxHash ?? null,
    ethProveTxHash: batch?.proveTxHash ?? null,
    ethExecuteTxHash: batch?.stage === 'executed' ? (batch.executeTxHash ?? null) : null,
  };
}

/**
 * zks_getL1BatchDetails of a sealed batch: the real server's `L1BatchDetails` (zksync-era
 * core/lib/types/src/api/mod.rs, `BlockDetailsBase` flattened). `rootHash` is the state root after the
 * batch; the chain batch root (what log proofs end at) is `root` of zks_getL2ToL1LogProof.
 */
function batchDetails(node: ChainNode, batch: Batch, stateRoot: Hex | null, settlementLayerChainId: number) {
  return {
    number: batch.number,
    timestamp: batch.timestamp,
    l1TxCount: 0,
    l2TxCount: batch.txHashes.length,
    rootHash: stateRoot,
    // What the settlement layer stores for the batch and checks at execute (ChainSettlement.storedBatchHash):
    // known once the batch is prepared for its commit.
    commitment: batch.batchHash ?? null,
    status: batch.stage === 'executed' ? 'verified' : 'sealed',
    ...settlementFields(node, batch, settlementLayerChainId),
    // SPEC §8 names the precommit fields of the real server (ZKsync's precommit of blocks before a batch's
    // commit); this devnet commits whole batches only, so there is never a precommit.
    precommitTxHash: null,
    precommittedAt: null,
    precommitChainId: null,
    l1GasPrice: 0,
    l2FairGasPrice: 0,
    fairPubdataPrice: 0,
    baseSystemContractsHashes: { bootloader: ZERO_HASH, default_aa: ZERO_HASH, evm_emulator: null },
  };
}

/**
 * The settlement fields of `BlockDetailsBase`. `*TxFinality` is the real server's `EthTxFinalityStatus`
 * in snake_case, which it sets from its settlement layer's tags: `finalized` once the transaction's
 * block is at or below the layer's `finalized` block, `fast_finalized` at or below its `safe` one, else
 * `pending`. Here the settlement layer's transaction is answered once its block is journaled there; a
 * layer that settles nowhere (Gateway without an L1) or the L1 itself is final at once, so `finalized`
 * then; a chain on Gateway with an L1 below follows Gateway's tags, i.e. Gateway's batch holding the
 * transaction committed (`fast_finalized`) and executed (`finalized`) on the L1 (ChainNode.layerTxFinality).
 */
function settlementFields(node: ChainNode, batch: Batch | undefined, settlementLayerChainId: number) {
  const executed = batch?.stage === 'executed';
  const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
  const finality = (hash: Hex | null | undefined, stage: StageTx) => (hash && batch ? node.layerTxFinality(batch, stage) : null);
  const executeTxHash = executed ? (batch?.executeTxHash ?? null) : null;
  return {
    commitTxHash: batch?.commitTxHash ?? null,
    committedAt: iso(batch?.committedAt),
    commitTxFinality: finality(batch?.commitTxHash, 'commit'),
    commitChainId: batch?.commitTxHash ? settlementLayerChainId : null,
    proveTxHash: batch?.proveTxHash ?? null,
    provenAt: iso(batch?.provenAt),
    proveTxFinality: finality(batch?.proveTxHash, 'prove'),
    proveChainId: batch?.proveTxHash ? settlementLayerChainId : null,
    executeTxHash,
    executedAt: executed ? iso(batch?.executedAt) : null,
    executeTxFinality: finality(executeTxHash, 'execute'),
    executeChainId: executed ? settlementLayerChainId : null,
  };
}

/**
 * The error for interop with a chain that settles on the L1 directly: its batch roots go to the L1's
 * MessageRoot, not Gateway's, and it imports no interop roots in this protocol version.
 * @param what what was asked for, e.g. "a proof_based_gw proof of its messages"
 */
export function interopToL1ChainError(chainId: number, what: string): ZkInteropError {
  return new ZkInteropError(
    'INTEROP_UNSUPPORTED',
    `chain ${chainId} settles on the L1 directly, so ${what} cannot be had: chains settling on the L1 take no part in Gateway interop in this protocol version ` +
      '(their batch roots are not in Gateway\'s MessageRoot and they import no interop roots). Prove its messages on the L1 with the proof zks_getL2ToL1LogProof answers without a mode, or settle the chain on Gateway for interop',
  );
}
