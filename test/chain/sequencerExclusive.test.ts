/**
 * An exclusive operation (registering a chain on Gateway) is all or nothing: when it fails after it
 * already mined blocks, the engine goes back to where it stood, so the blocks the chain reports stay
 * continuous. Before, those blocks were mined but never reported, and the next block broke the batcher's
 * order ("blocks arrive in order (got 14 after 12)") for good.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from 'viem';
import { createEngine } from '../../src/chain/engine.ts';
import { Sequencer, type ProducedBlock } from '../../src/chain/sequencer.ts';
import { devAccounts } from '../../src/network/accounts.ts';

const from = devAccounts()[0]!;
const transfer = { kind: 'dev' as const, request: { from: from.address, to: '0x2222222222222222222222222222222222222222', value: toHex(1) } };

async function sequencer() {
  const engine = await createEngine({ chainId: 270, automine: false, accounts: [{ privateKey: from.privateKey, balance: from.balance }] });
  const blocks: ProducedBlock[] = [];
  const errors: unknown[] = [];
  const seq = new Sequencer(engine, { onBlock: (b) => void blocks.push(b), onError: (e) => void errors.push(e) });
  return { engine, seq, blocks, errors };
}

describe('Sequencer.exclusive', () => {
  it('error: an operation that fails after mining leaves the engine at the block it started from', async () => {
    const { engine, seq } = await sequencer();
    const before = await engine.blockNumber();
    const failing = seq.exclusive(async () => {
      await engine.mine();
      await engine.mine();
      throw new Error('the second step reverted');
    });
    await expect(failing).rejects.toThrow('the second step reverted');
    expect(await engine.blockNumber()).toBe(before);
    await seq.stop();
    await engine.close();
  });

  it('behavior: the blocks after a failed operation follow the last reported block', async () => {
    const { engine, seq, blocks, errors } = await sequencer();
    await seq.submit(transfer);
    await seq
      .exclusive(async () => {
        await engine.mine();
        throw new Error('reverted');
      })
      .catch(() => undefined);
    await seq.submit(transfer);
    expect(blocks.map((b) => b.number)).toEqual([blocks[0]!.number, blocks[0]!.number + 1]);
    expect(errors).toEqual([]);
    await seq.stop();
    await engine.close();
  });

  it('behavior: an operation that succeeds reports every block it mined', async () => {
    const { engine, seq, blocks } = await sequencer();
    const start = Number(await engine.blockNumber());
    await seq.exclusive(async () => {
      await engine.mine();
      await engine.mine();
    });
    expect(blocks.map((b) => [b.number, b.system])).toEqual([
      [start + 1, true],
      [start + 2, true],
    ]);
    await seq.stop();
    await engine.close();
  });
});
