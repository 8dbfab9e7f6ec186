/**
 * zksync-js 0.0.19 talks to our contracts through its own ABIs: every function, event and error of the
 * ABIs its interop path uses (test/fixtures/zksync-js-0.0.19-abi.json, signatures taken from the SDK's
 * tagged sources) must exist in our compiled ABIs with the same selector, the same outputs and, for
 * events, the same indexed parameters (the SDK filters on topic 1, the bundle hash), unless the fixture
 * says why we deliberately lack it; and what we say we lack must really be absent.
 */
import { describe, expect, it } from 'vitest';
import { toEventSelector, toFunctionSelector, type AbiParameter } from 'viem';
import * as artifacts from '../../src/contracts/index.ts';
import { interopAttributes } from '../../src/protocol/bundle.ts';
import fixture from '../fixtures/zksync-js-0.0.19-abi.json' with { type: 'json' };

type Item = { type: string; name?: string; inputs?: readonly AbiParameter[]; outputs?: readonly AbiParameter[] };
type Entry = (typeof fixture.contracts)[number];

const typeOf = (p: AbiParameter): string =>
  p.type.startsWith('tuple') ? `(${((p as { components?: AbiParameter[] }).components ?? []).map(typeOf).join(',')})${p.type.slice(5)}` : p.type;
const signature = (item: Item): string => `${item.name}(${(item.inputs ?? []).map(typeOf).join(',')})`;
/** The fixture's spelling of one of our items: functions with outputs, events with `indexed`. */
function spelled(item: Item): string {
  if (item.type === 'function') return `${signature(item)} returns (${(item.outputs ?? []).map(typeOf).join(',')})`;
  if (item.type === 'event') return `${item.name}(${(item.inputs ?? []).map((p) => typeOf(p) + ((p as { indexed?: boolean }).indexed ? ' indexed' : '')).join(',')})`;
  return signature(item);
}
/** `name(types)` of a fixture line: drops outputs and `indexed`. */
const bare = (line: string): string => line.split(' returns ')[0]!.replaceAll(' indexed', '');

/** Our items for an entry; IERC7786Attributes has no artifact: its selectors are the encodings' first bytes. */
function oursOf(entry: Entry): Item[] {
  return entry.ours.flatMap((name) => {
    if (name === 'interopAttributes') return [];
    const abi = (artifacts as unknown as Record<string, readonly Item[] | undefined>)[name];
    if (!abi) throw new Error(`no compiled ABI named ${name} in src/contracts`);
    return abi;
  });
}

/** viem's selector of a signature string, or of one of our ABI items (viem formats the item itself). */
const selectorOf = (kind: string, what: string | Item): string =>
  kind === 'event' ? toEventSelector(what as never) : toFunctionSelector(typeof what === 'string' ? what : ({ ...what, type: 'function' } as never));

describe('zksync-js 0.0.19 ABIs against our compiled ABIs', () => {
  for (const entry of fixture.contracts) {
    if (entry.contract === 'IERC7786Attributes') continue;
    const ours = oursOf(entry);
    for (const [kind, lines] of [['function', entry.functions], ['event', entry.events], ['error', entry.errors]] as const) {
      for (const line of lines) {
        const sig = bare(line);
        if (sig in entry.absent) continue;
        it(`${entry.contract} has the SDK's ${kind} ${line} with the same selector, outputs and indexed parameters`, () => {
          const mine = ours.filter((i) => i.type === kind && signature(i) === sig);
          expect(mine.map(spelled), `${kind} ${sig} in ${entry.ours.join(', ')}`).toContain(line);
          const item = mine.find((i) => spelled(i) === line)!;
          expect(selectorOf(kind, item)).toBe(selectorOf(kind, sig));
        });
      }
    }
  }

  it('every item the fixture says we lack is really absent from our ABIs, and each says why', () => {
    for (const entry of fixture.contracts) {
      const ours = new Set(oursOf(entry).map(signature));
      for (const [sig, why] of Object.entries(entry.absent)) {
        expect(ours.has(sig), `${entry.contract}.${sig} is marked absent but exists`).toBe(false);
        expect(why.length).toBeGreaterThan(20);
      }
    }
  });

  it("every IERC7786 attribute the SDK encodes has the same selector as our bundle codec's encoding", () => {
    const entry = fixture.contracts.find((c) => c.contract === 'IERC7786Attributes')!;
    const encoded: Record<string, string> = {
      interopCallValue: interopAttributes.interopCallValue(1n),
      indirectCall: interopAttributes.indirectCall(1n),
      executionAddress: interopAttributes.executionAddress('0x00010000000114' as `0x${string}`),
      unbundlerAddress: interopAttributes.unbundlerAddress('0x00010000000114' as `0x${string}`),
      useFixedFee: interopAttributes.useFixedFee(false),
    };
    expect(entry.functions).toHaveLength(5);
    for (const line of entry.functions) {
      const sig = bare(line);
      const name = sig.slice(0, sig.indexOf('('));
      expect(encoded[name]?.slice(0, 10), sig).toBe(toFunctionSelector(sig));
    }
  });
});
