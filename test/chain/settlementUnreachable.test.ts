/**
 * The SettlementLoop when its settlement layer does not answer at all (its process down, an
 * RpcClientError with `unreachable`): no halt; it says so once, tries again, and once the layer answers
 * it reconciles first, so a stage that landed just before the answer was lost is not sent twice.
 */
import { expect, test } from 'vitest';
import { keccak256, toHex, type Hex } from 'viem';
import { SettlementLoop, type SettlementClient } from '../../src/chain/settlementLoop.ts';
import type { Batch } from '../../src/chain/types.ts';
import { RpcClientError } from '../../src/rpc/client.ts';
import { pollUntil } from '../support/poll.ts';

type Stage = 'commit' | 'prove' | 'execute';
const COUNTER = { commit: 'committed', prove: 'proved', execute: 'executed' } as const;
const hashOf = (what: string): Hex => keccak256(toHex(what));

/** A layer that can go down; `loseAnswerOf` lands one stage and then loses its answer as the process dies. */
class FlakyLayer implements SettlementClient {
  readonly sent: string[] = [];
  readonly landed = { committed: 0, proved: 0, executed: 0 };
  down = false;
  loseAnswerOf: string | undefined;

  commit = (batch: Batch) => this.send('commit', batch);
  prove = (batch: Batch) => this.send('prove', batch);
  execute = (batch: Batch) => this.send('execute', batch);

  async inclusion(batchNumber: number) {
    this.answer('zkinterop_getBatchInclusion');
    return { gatewayChainId: 506, gatewayBlockNumber: 100 + batchNumber, batchLeafProofMask: 0, batchLeafProof: [], sharedTreeIndex: 0, sharedTreeProof: [], interopRoot: hashOf(`root ${batchNumber}`) };
  }
  async progress() {
    this.answer('eth_call');
    return { ...this.landed };
  }
  async stageTransaction(batchNumber: number, stage: Stage) {
    this.answer('eth_getLogs');
    return hashOf(`${stage} ${batchNumber}`);
  }

  private answer(method: string): void {
    if (this.down) throw new RpcClientError(method, -32000, 'cannot reach http://127.0.0.1:1; is the node running?', undefined, undefined, true);
  }

  private async send(stage: Stage, batch: Batch): Promise<Hex> {
    const key = `${stage} ${batch.number}`;
    this.answer('eth_sendRawTransaction');
    this.sent.push(key);
    this.landed[COUNTER[stage]] = batch.number;
    if (this.loseAnswerOf === key) {
      this.loseAnswerOf = undefined;
      this.down = true;
      this.answer('eth_getTransactionReceipt');
    }
    return hashOf(key);
  }
}

function batchesOf(sealed: number): Batch[] {
  const batch = (number: number, stage: Batch['stage']): Batch => ({ number, stage, firstBlock: number, lastBlock: number, timestamp: number, txHashes: [], logs: [], dependencyRoots: [] });
  return [batch(0, 'executed'), ...Array.from({ length: sealed }, (_, i) => batch(i + 1, 'sealed')), batch(sealed + 1, 'open')];
}

test('a layer that goes down after landing a commit is waited for, and the commit is not sent again once it is back', async () => {
  const layer = new FlakyLayer();
  const batches = batchesOf(2);
  const told: string[] = [];
  const loop = new SettlementLoop({
    client: layer,
    batches: () => batches,
    prepare: (batch) => void (batch.batchHash = hashOf(`batch ${batch.number}`)),
    onHalt: (batch) => told.push(`halt ${batch.number}`),
    onUnreachable: (batch, error) => told.push(`unreachable at ${batch.number}: ${(error as Error).message}`),
    unreachableRetryMs: 5,
  });
  layer.loseAnswerOf = 'commit 2';
  loop.kick();
  await pollUntil(() => layer.down && told.length > 0, { what: 'the layer to go down' });
  // Several turns while it is down: still one report, no halt.
  await pollUntil(() => batches[2]!.stage === 'sealed' && loop.busy, { what: 'the loop to wait for the layer' });
  layer.down = false;
  await pollUntil(() => batches[2]!.stage === 'executed', { what: 'batch 2 executed' });
  await loop.idle();
  expect(loop.halted).toBeUndefined();
  expect(told).toEqual(['unreachable at 2: eth_getTransactionReceipt failed: cannot reach http://127.0.0.1:1; is the node running?']);
  expect(layer.sent).toEqual(['commit 1', 'prove 1', 'execute 1', 'commit 2', 'prove 2', 'execute 2']);
  expect(batches[2]!.commitTxHash).toBe(hashOf('commit 2'));
});
