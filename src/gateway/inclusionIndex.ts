/**
 * Gateway's index of its own MessageRoot: replays the contract's events (`AddedChain`,
 * `AppendedChainBatchRoot`) block by block into the pure MessageRootModel, so Gateway can answer,
 * for any settled batch, the Gateway part of its `proof_based_gw` proof (paths as the trees stood at
 * the end of the execute block). After every block with appends it checks that the model's root
 * equals the contract's `historicalRoot(block)`: the TypeScript and Solidity trees can never drift
 * apart silently. It reads Gateway only through an RpcClient (`eth_blockNumber`, `eth_getLogs` of
 * MessageRoot, `eth_call` of `historicalRoot`), as the watcher does, so it could run beside Gateway in
 * another process; whoever runs it tells it of each new Gateway block (`catchUp`: in one process the
 * orchestrator on every sealed block, elsewhere a `newHeads` subscription or a poll). A long catch-up
 * (a restart over a long history) reads in pages within Gateway's eth_getLogs limits
 * (`getLogsInPages`), so no single request is long and the logs in memory stay a page's worth.
 */
import type { Hex, Log } from 'viem';
import { decodeEventLog, decodeFunctionResult, encodeFunctionData } from 'viem';
import { MessageRootModel } from '../protocol/messageRoot.ts';
import { MESSAGE_ROOT_ADDRESS } from '../protocol/constants.ts';
import { messageRootAbi } from '../contracts/index.ts';
import { InvariantError } from '../errors.ts';
import type { RpcClient } from '../rpc/client.ts';
import { getLogsInPages } from '../rpc/getLogsInPages.ts';
import type { GatewayInclusion } from '../wire/types.ts';

/** Follows a Gateway node's MessageRoot; see module header. */
export class InclusionIndex {
  model: MessageRootModel;
  private processedBlock = -1;

  /** Catch-ups run one after another, each from where the last one ended. */
  private catchingUp: Promise<void> = Promise.resolve();

  private constructor(
    private readonly gateway: RpcClient,
    private readonly gatewayChainId: number,
  ) {
    this.model = new MessageRootModel(gatewayChainId);
  }

  /**
   * Creates the index over everything Gateway holds so far (up to its `eth_blockNumber`); keep it current
   * by calling `catchUp` with each new Gateway block.
   * @param gateway Gateway's JSON-RPC client (in-process or HTTP)
   * @throws InvariantError if the model and the contract disagree
   * @example const index = await InclusionIndex.follow(gatewayClient, 506); gatewayNode.onSealedBlock((b) => index.catchUp(b.number));
   */
  static async follow(gateway: RpcClient, gatewayChainId: number): Promise<InclusionIndex> {
    const index = new InclusionIndex(gateway, gatewayChainId);
    await index.catchUp(Number(BigInt(await gateway.request<Hex>('eth_blockNumber'))));
    return index;
  }

  /**
   * Reads Gateway's MessageRoot events up to `toBlock` (a new head) into the model, checking every block
   * with appends against `historicalRoot`. Calls queue behind each other; one already past `toBlock` does nothing.
   * @throws InvariantError if the model and the contract disagree
   */
  catchUp(toBlock: number): Promise<void> {
    const run = this.catchingUp.then(() => this.readUpTo(toBlock));
    this.catchingUp = run.catch(() => undefined);
    return run;
  }

  /**
   * The Gateway part of a batch's proof, or null while the batch is not settled.
   * @param atBlock anchor at this later Gateway block's root instead (it must have written one)
   * @returns paths and masks against `historicalRoot` of the batch's execute block (or `atBlock`)
   * @throws InvalidArgumentError for an `atBlock` before the batch settled or without a root
   */
  inclusion(chainId: number, batchNumber: number, atBlock?: number): GatewayInclusion | null {
    if (this.model.settledInBlock(chainId, batchNumber) === undefined) return null;
    const inc = this.model.batchInclusion(chainId, batchNumber, atBlock);
    return {
      gatewayChainId: this.gatewayChainId,
      gatewayBlockNumber: Number(inc.gatewayBlockNumber),
      batchLeafProofMask: Number(inc.batchLeafProofMask),
      batchLeafProof: inc.batchLeafPath,
      sharedTreeIndex: Number(inc.sharedTreeMask),
      sharedTreeProof: inc.sharedTreePath,
      interopRoot: inc.interopRoot,
    };
  }

  /** Plain-data copy (for network snapshots). */
  saveState(): { model: ReturnType<MessageRootModel['toJSON']>; processedBlock: number } {
    return { model: this.model.toJSON(), processedBlock: this.processedBlock };
  }

  /** Restores a copy made by `saveState`. */
  restoreState(state: { model: ReturnType<MessageRootModel['toJSON']>; processedBlock: number }): void {
    this.model = MessageRootModel.fromJSON(state.model);
    this.processedBlock = state.processedBlock;
  }

  private async readUpTo(toBlock: number): Promise<void> {
    if (toBlock <= this.processedBlock) return;
    const pages = getLogsInPages<Log>(this.gateway, { filter: { address: MESSAGE_ROOT_ADDRESS }, fromBlock: this.processedBlock + 1, toBlock });
    for await (const page of pages) {
      const touchedBlocks = new Set<number>();
      for (const log of page.logs) this.apply(log, touchedBlocks);
      this.processedBlock = page.toBlock;
      for (const block of touchedBlocks) await this.checkAgainstContract(block);
    }
  }

  private apply(log: Log, touchedBlocks: Set<number>): void {
    let event;
    try {
      event = decodeEventLog({ abi: messageRootAbi, data: log.data, topics: log.topics });
    } catch {
      return;
    }
    if (event.eventName === 'AddedChain') {
      // Its block too: a Gateway batch's shared root counts registrations up to its last block (l1Inclusion.ts).
      if (!this.model.isRegistered(event.args.chainId)) this.model.registerChain(event.args.chainId, Number(log.blockNumber));
    } else if (event.eventName === 'AppendedChainBatchRoot') {
      const block = Number(log.blockNumber);
      this.model.addChainBatchRoot(event.args.chainId, event.args.batchNumber, event.args.chainBatchRoot, block);
      touchedBlocks.add(block);
    }
  }

  private async checkAgainstContract(block: number): Promise<void> {
    const data = await this.gateway.request<Hex>('eth_call', [
      { to: MESSAGE_ROOT_ADDRESS, data: encodeFunctionData({ abi: messageRootAbi, functionName: 'historicalRoot', args: [BigInt(block)] }) },
      'latest',
    ]);
    const onChain = decodeFunctionResult({ abi: messageRootAbi, functionName: 'historicalRoot', data }) as Hex;
    const modelRoot = this.model.historicalRoot(block);
    if (onChain !== modelRoot) {
      throw new InvariantError(`MessageRoot model and contract disagree at Gateway block ${block}: model ${modelRoot}, contract ${onChain}`);
    }
  }
}
