/**
 * The operator side of a node's settlement on its settlement layer (Gateway for chains; the L1 for
 * Gateway, when the network runs one): builds commit / prove / execute calls for the node's
 * settlement contract on that layer, signs them with the operator key (held here only: the settlement
 * layer signs for no operator) and sends them as raw transactions through an RpcClient to the layer
 * (in-process or HTTP alike). Each call is simulated first so a rejection comes back as the contract's
 * own error (e.g. `DependencyRootMismatch`), not as a bare failed receipt. A stage's transaction (for
 * reconciling after a restart) is found by reading the layer's logs back from the head in pages within
 * its eth_getLogs limits. It lives in src/chain/ because it is the settling node's side, not the layer's.
 * A transaction the layer mined but reverted although its simulation passed is marked `reverted`: the
 * transaction failed, not the batch (fault injection makes one so: `CommitRevertControl`, zkinterop_rejectNextL1Batch).
 */
import type { Hex } from 'viem';
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, decodeFunctionResult, encodeEventTopics, encodeFunctionData, isHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { privateKeyAddress } from '../protocol/privateKeyAddress.ts';
import type { RpcClient } from '../rpc/client.ts';
import { isUnreachable, RpcClientError } from '../rpc/client.ts';
import { getLogsInPages } from '../rpc/getLogsInPages.ts';
import { chainSettlementAbi, chainSettlementAddress } from '../contracts/index.ts';
import { ZkInteropError } from '../errors.ts';
import type { SettlementClient } from './settlementLoop.ts';
import type { Batch } from './types.ts';
import type { GatewayInclusion } from '../wire/types.ts';

export type SettlementClientOptions = {
  /** JSON-RPC access to the settlement layer (Gateway for a chain) */
  settlementLayer: RpcClient;
  /** the settlement layer's chain id (what the operator's transactions are signed for) */
  settlementLayerChainId: number;
  /** the settling chain */
  chainId: number;
  /** the chain's operator key (its address is the only one the settlement contract accepts) */
  operatorKey: Hex;
};

/**
 * The one fault a settlement client takes (zkinterop_rejectNextL1Batch, through the fault module's narrow
 * L1 control): its next commit is sent with just over its intrinsic gas, so the layer mines it and it
 * reverts out of gas, a real failed transaction on the layer (its simulation passes, so the error is
 * `reverted`). Nothing of it runs unless armed: the commit path reads one flag.
 */
export type CommitRevertControl = {
  /** arms the revert of the next commit (once) */
  revertNextCommit(): void;
  /** whether a revert is armed and not yet sent */
  readonly commitRevertArmed: boolean;
};

/**
 * The settlement layer refused a settlement transaction; `reason` is the contract error when it could be
 * decoded. Its code stays `GATEWAY_REJECTED` (codes are a contract), and its message names Gateway, the
 * only settlement layer there is today.
 */
export class SettlementLayerRejectedError extends ZkInteropError {
  override name = 'GatewayRejectedError';
  /**
   * @param revertedTx the transaction the layer mined and reverted although its simulation passed: the
   *   transaction failed (gas, a fault), not the batch, so sending it again may succeed
   */
  constructor(
    readonly action: string,
    readonly reason: string,
    cause?: unknown,
    readonly revertedTx?: Hex,
  ) {
    super('GATEWAY_REJECTED', `Gateway rejected ${action}: ${reason}`, { cause });
  }

  /** True when the layer mined the transaction and it reverted (see `revertedTx`). */
  get reverted(): boolean {
    return this.revertedTx !== undefined;
  }
}

/** The former name of {@link SettlementLayerRejectedError}. */
export const GatewayRejectedError = SettlementLayerRejectedError;
/** The former name of {@link SettlementLayerRejectedError}. */
export type GatewayRejectedError = SettlementLayerRejectedError;

type Receipt = { status: Hex; blockNumber: Hex; transactionHash: Hex };

/**
 * Creates the settlement client of one settling node.
 * @example const client = createSettlementClient({ settlementLayer: gateway, settlementLayerChainId: 506, chainId: 271, operatorKey });
 */
export function createSettlementClient(options: SettlementClientOptions): SettlementClient & CommitRevertControl {
  const { settlementLayer, chainId } = options;
  let commitRevertArmed = false;
  const operator = privateKeyAddress(options.operatorKey);
  // Built on first use: a JS signing account costs ~100 ms to make.
  let signer: ReturnType<typeof privateKeyToAccount> | undefined;
  const to = chainSettlementAddress(chainId);

  // The operator signs here, in its own chain's node, and only here: the settlement layer holds no
  // operator key and signs for no operator (docs/security.md), so a settlement transaction is a raw signed one.
  async function sendSigned(data: Hex, gas: bigint): Promise<Hex> {
    // Read every time: the operator sends one transaction at a time, and a network revert or restart
    // moves its nonce back.
    const nonce = Number(BigInt(await settlementLayer.request<Hex>('eth_getTransactionCount', [operator, 'pending'])));
    const gasPrice = BigInt(await settlementLayer.request<Hex>('eth_gasPrice'));
    signer ??= privateKeyToAccount(options.operatorKey);
    const raw = await signer.signTransaction({
      type: 'eip1559',
      chainId: options.settlementLayerChainId,
      nonce,
      to,
      data,
      gas,
      maxFeePerGas: gasPrice * 2n + 1n,
      maxPriorityFeePerGas: 0n,
    });
    return settlementLayer.request<Hex>('eth_sendRawTransaction', [raw]);
  }

  async function send(action: string, data: Hex, gas: bigint): Promise<Hex> {
    try {
      await settlementLayer.request('eth_call', [{ from: operator, to, data }, 'latest']);
    } catch (error) {
      // No answer is no refusal: the loop waits for the layer and tries again (settlementLoop.ts).
      if (isUnreachable(error)) throw error;
      throw new SettlementLayerRejectedError(action, revertReason(error), error);
    }
    let hash: Hex;
    try {
      hash = await sendSigned(data, gas);
    } catch (error) {
      if (isUnreachable(error)) throw error;
      throw new SettlementLayerRejectedError(action, error instanceof Error ? error.message : String(error), error);
    }
    const receipt = await settlementLayer.request<Receipt | null>('eth_getTransactionReceipt', [hash]);
    if (!receipt || BigInt(receipt.status) !== 1n) {
      throw new SettlementLayerRejectedError(action, `transaction ${hash} reverted on chain ${options.settlementLayerChainId}`, undefined, receipt ? hash : undefined);
    }
    return hash;
  }

  return {
    revertNextCommit() {
      commitRevertArmed = true;
    },
    get commitRevertArmed() {
      return commitRevertArmed;
    },
    commit(batch: Batch) {
      const data = encodeFunctionData({
        abi: chainSettlementAbi,
        functionName: 'commit',
        args: [BigInt(batch.number), need(batch.chainBatchRoot), need(batch.dependencyRollingHash), need(previousHashOf(batch))],
      });
      const revert = commitRevertArmed;
      commitRevertArmed = false;
      return send(`commit of batch ${batch.number} of chain ${chainId}`, data, revert ? tooLittleGas(data) : 1_000_000n);
    },
    prove(batch: Batch) {
      return send(`proof of batch ${batch.number} of chain ${chainId}`, encodeFunctionData({ abi: chainSettlementAbi, functionName: 'prove', args: [BigInt(batch.number)] }), 500_000n);
    },
    execute(batch: Batch) {
      const deps = batch.dependencyRoots.map((r) => ({ chainId: BigInt(r.chainId), blockNumber: BigInt(r.blockNumber), sides: [r.root] }));
      return send(
        `execution of batch ${batch.number} of chain ${chainId}`,
        encodeFunctionData({ abi: chainSettlementAbi, functionName: 'execute', args: [BigInt(batch.number), deps] }),
        2_000_000n + 60_000n * BigInt(deps.length),
      );
    },
    async inclusion(batchNumber: number) {
      return settlementLayer.request<GatewayInclusion | null>('zkinterop_getBatchInclusion', [chainId, batchNumber]);
    },
    async progress() {
      const read = async (functionName: 'totalBatchesCommitted' | 'totalBatchesProved' | 'totalBatchesExecuted') => {
        const data = await settlementLayer.request<Hex>('eth_call', [{ to, data: encodeFunctionData({ abi: chainSettlementAbi, functionName }) }, 'latest']);
        return Number(decodeFunctionResult({ abi: chainSettlementAbi, functionName, data }));
      };
      return { committed: await read('totalBatchesCommitted'), proved: await read('totalBatchesProved'), executed: await read('totalBatchesExecuted') };
    },
    async stageTransaction(batchNumber: number, stage: 'commit' | 'prove' | 'execute') {
      const eventName = stage === 'commit' ? 'BlockCommit' : stage === 'prove' ? 'BlockProve' : 'BlockExecution';
      const topics = encodeEventTopics({ abi: chainSettlementAbi, eventName, args: { batchNumber: BigInt(batchNumber) } } as never);
      // Back from the head in pages within the layer's eth_getLogs limits: the stage is recent (a restart
      // found it on the layer but not in the chain's books), and each stage of a batch lands once.
      const head = Number(BigInt(await settlementLayer.request<Hex>('eth_blockNumber')));
      const pages = getLogsInPages<{ transactionHash: Hex }>(settlementLayer, { filter: { address: to, topics }, fromBlock: 0, toBlock: head, newestFirst: true });
      for await (const page of pages) if (page.logs.length > 0) return page.logs[0]!.transactionHash;
      return null;
    },
  };
}

/**
 * Gas a call with `data` is accepted with but cannot run on: its intrinsic gas by the calldata floor of
 * EIP-7623 (the larger charge), and 2,000 more, far below one storage write (a commit writes several).
 */
function tooLittleGas(data: Hex): bigint {
  let zero = 0n;
  let nonZero = 0n;
  for (let i = 2; i < data.length; i += 2) {
    if (data.slice(i, i + 2) === '00') zero++;
    else nonZero++;
  }
  return 21_000n + 10n * (zero + 4n * nonZero) + 2_000n;
}

/** The previous batch hash a batch commits to (kept on the batch by prepareBatchForCommit). */
function previousHashOf(batch: Batch): Hex | undefined {
  return batch.previousBatchHash;
}

function need(value: Hex | undefined): Hex {
  if (!value) throw new ZkInteropError('BATCH_NOT_PREPARED', 'batch commitment fields are missing; prepare the batch before committing (this is a bug in zkinterop)');
  return value;
}

/** The contract's error name and arguments, from an eth_call failure. */
function revertReason(error: unknown): string {
  const data = error instanceof RpcClientError ? extractData(error.data) : undefined;
  if (data) {
    try {
      const decoded = decodeErrorResult({ abi: chainSettlementAbi, data });
      return `${decoded.errorName}(${(decoded.args ?? []).map(String).join(', ')})`;
    } catch {
      return `reverted with data ${data}`;
    }
  }
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) return revert.shortMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

function extractData(data: unknown): Hex | undefined {
  if (typeof data === 'string' && isHex(data)) return data;
  if (data && typeof data === 'object' && 'data' in data) return extractData((data as { data: unknown }).data);
  return undefined;
}
