/**
 * Gateway's index of its own MessageRoot: replays the contract's events (`AddedChain`,
 * `AppendedChainBatchRoot`) block by block into the pure MessageRootModel, so Gateway can answer,
 * for any settled batch, the Gateway part of its `proof_based_gw` proof (paths as the trees stood at
 * the end of the execute block). After every block with appends it checks that the model's root
 * equals the contract's `historicalRoot(block)`: the TypeScript and Solidity trees can never drift
 * apart silently. A long catch-up (a restart over a long history) reads the engine 10,000 blocks at a
 * time, so no single engine request is long and the logs in memory stay a page's worth.
 */
import type { Hex, Log } from 'viem';
import { decodeEventLog, decodeFunctionResult, encodeFunctionData } from 'viem';
import { MessageRootModel } from '../protocol/messageRoot.ts';
import { MESSAGE_ROOT_ADDRESS } from '../protocol/constants.ts';
import { messageRootAbi } from '../contracts/index.ts';
import { InvariantError } from '../errors.ts';
import type { ChainNode } from '../chain/chainNode.ts';
import type { SealedBlock } from '../chain/types.ts';
import type { GatewayInclusion } from '../wire/types.ts';

/** Blocks of Gateway's logs read per engine request while catching up. */
const CATCH_UP_PAGE_BLOCKS = 10_000;

/** Follows a Gateway node's MessageRoot; see module header. */
export class InclusionIndex {
  model: MessageRootModel;
  private processedBlock = -1;

  private constructor(private readonly gateway: ChainNode) {
    this.model = new MessageRootModel(gateway.chainId);
  }

  /**
   * Creates the index over everything Gateway holds so far and keeps it current with every new block.
   * @throws InvariantError if the model and the contract disagree
   */
  static async follow(gateway: ChainNode): Promise<InclusionIndex> {
    const index = new InclusionIndex(gateway);
    await index.catchUp(gateway.blockNumber);
    gateway.onSealedBlock((block: SealedBlock) => index.catchUp(block.number));
    return index;
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
      gatewayChainId: this.gateway.chainId,
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

  private async catchUp(toBlock: number): Promise<void> {
    while (toBlock > this.processedBlock) {
      const fromBlock = this.processedBlock + 1;
      const pageEnd = Math.min(toBlock, fromBlock + CATCH_UP_PAGE_BLOCKS - 1);
      const logs = await this.gateway.engine.getLogs({ address: MESSAGE_ROOT_ADDRESS, fromBlock: BigInt(fromBlock), toBlock: BigInt(pageEnd) });
      const touchedBlocks = new Set<number>();
      for (const log of logs) this.apply(log, touchedBlocks);
      this.processedBlock = pageEnd;
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
      if (!this.model.isRegistered(event.args.chainId)) this.model.registerChain(event.args.chainId);
    } else if (event.eventName === 'AppendedChainBatchRoot') {
      const block = Number(log.blockNumber);
      this.model.addChainBatchRoot(event.args.chainId, event.args.batchNumber, event.args.chainBatchRoot, block);
      touchedBlocks.add(block);
    }
  }

  private async checkAgainstContract(block: number): Promise<void> {
    const data = await this.gateway.engine.call({
      to: MESSAGE_ROOT_ADDRESS,
      data: encodeFunctionData({ abi: messageRootAbi, functionName: 'historicalRoot', args: [BigInt(block)] }),
    });
    const onChain = decodeFunctionResult({ abi: messageRootAbi, functionName: 'historicalRoot', data }) as Hex;
    const modelRoot = this.model.historicalRoot(block);
    if (onChain !== modelRoot) {
      throw new InvariantError(`MessageRoot model and contract disagree at Gateway block ${block}: model ${modelRoot}, contract ${onChain}`);
    }
  }
}
