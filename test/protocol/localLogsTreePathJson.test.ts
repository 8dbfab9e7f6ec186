/**
 * `LocalLogsTree.pathJson` writes a log's path as the JSON text the proof server splices into its
 * answers: it must be `path()` joined as JSON strings, for every log, empty subtrees included.
 */
import { describe, expect, it } from 'vitest';
import { keccak256, toHex } from 'viem';
import { LocalLogsTree } from '../../src/protocol/localLogsTree.ts';

const tree = (count: number) => LocalLogsTree.fromLeaves(Array.from({ length: count }, (_, i) => keccak256(toHex(`leaf ${count}/${i}`))));

describe('LocalLogsTree.pathJson', () => {
  it.each([1, 2, 3, 37, 256])('is the path of every log of a %i-log tree, its words joined as JSON strings', (count) => {
    const t = tree(count);
    for (let i = 0; i < count; i++) expect(`"${t.pathJson(i)}"`).toBe(JSON.stringify(t.path(i)).slice(1, -1));
  });

  it('refuses an index that is not a log of the tree, as path does', () => {
    expect(() => tree(3).pathJson(3)).toThrow(/log index 3 is not in a batch of 3 logs/);
  });
});
