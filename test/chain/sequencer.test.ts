/**
 * The sequencer's scheduling: work that arrives at any moment gets a block, including right after a
 * drain that found nothing to do (a timer firing after its work was already sealed).
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { toHex } from 'viem';
import { createEngine, type Engine } from '../../src/chain/engine.ts';
import { Sequencer, type ProducedBlock } from '../../src/chain/sequencer.ts';
import { devAccounts } from '../../src/network/accounts.ts';
import { pollUntil } from '../support/poll.ts';

const from = devAccounts()[0]!;

async function sequencerWithBlockTime(blockTimeMs: number) {
  const engine = await createEngine({ chainId: 270, automine: false, accounts: [{ privateKey: from.privateKey, balance: from.balance }] });
  const blocks: ProducedBlock[] = [];
  const sequencer = new Sequencer(engine, { onBlock: (b) => void blocks.push(b), blockTimeMs });
  return { engine, sequencer, blocks };
}

const transfer = (n: number) => ({ kind: 'dev' as const, request: { from: from.address, to: '0x2222222222222222222222222222222222222222', value: toHex(n) } });

afterEach(() => {
  vi.useRealTimers();
});

describe('Sequencer scheduling', () => {
  test('a transaction sent after a timer fired with nothing left to seal still gets its block', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { engine, sequencer, blocks } = await sequencerWithBlockTime(50);
    const first = sequencer.submit(transfer(1));
    await sequencer.sealNow(); // seals `first` before its timer fires
    await first;
    vi.advanceTimersByTime(100); // the timer fires: nothing is queued any more
    await Promise.resolve();
    vi.useRealTimers();
    let included = false;
    const second = sequencer.submit(transfer(2)).then(() => (included = true));
    await pollUntil(() => included, { what: 'the second transaction in a block', timeoutMs: 20_000 });
    await second;
    expect(blocks.map((b) => b.txs.length)).toEqual([1, 1]);
    await sequencer.stop();
    await engine.close();
  });

  test('a transaction that arrives while the block\'s transactions are in the engine joins that block, before it is mined', async () => {
    const engine = await createEngine({ chainId: 270, automine: false, accounts: [{ privateKey: from.privateKey, balance: from.balance }] });
    const blocks: ProducedBlock[] = [];
    let late: Promise<unknown> | undefined;
    // The first transaction's trip to the engine is when the second one arrives.
    const arriving: Engine = Object.create(engine, {
      request: {
        value: (method: string, params?: unknown[]) => {
          if (method === 'eth_sendTransaction' && !late) late = sequencer.submit(transfer(2));
          return engine.request(method, params);
        },
      },
    });
    const sequencer = new Sequencer(arriving, { onBlock: (b) => void blocks.push(b), blockTimeMs: 0 });
    const first = await sequencer.submit(transfer(1));
    const second = (await late) as Awaited<typeof first>;
    expect(second.blockNumber).toBe(first.blockNumber);
    expect(blocks.map((b) => b.inputs.txs.length)).toEqual([2]);
    await sequencer.stop();
    await engine.close();
  });

  test('transactions sent while a block is being made land in the next one', async () => {
    const { engine, sequencer, blocks } = await sequencerWithBlockTime(0);
    const sent = [sequencer.submit(transfer(1))];
    await Promise.resolve();
    sent.push(sequencer.submit(transfer(2)), sequencer.submit(transfer(3)));
    await Promise.all(sent);
    await sequencer.idle();
    expect(blocks.flatMap((b) => b.txs)).toHaveLength(3);
    await sequencer.stop();
    await engine.close();
  });
});
