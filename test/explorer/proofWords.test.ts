/**
 * The explorer's reading of proof words (explorer/proofWords.ts) against proofs built by the protocol
 * code the node uses (src/protocol/proof.ts), and its hash routes (explorer/route.ts).
 */
import { describe, expect, test } from 'vitest';
import { keccak256, toHex, type Hex } from 'viem';
import { buildFinalProof, buildGatewayProof, buildProofToL1 } from '../../src/protocol/proof.ts';
import { decodeProofWords } from '../../explorer/proofWords.ts';
import { href, parseRoute, type Route } from '../../explorer/route.ts';

const words = (n: number, seed: string): Hex[] => Array.from({ length: n }, (_, i) => keccak256(toHex(`${seed}${i}`)));

describe('decodeProofWords', () => {
  test('names every word of a Gateway proof: metadata, log path, batch position and path, settlement word, Gateway id, shared tree', () => {
    const proof = buildGatewayProof({ logLeafPath: words(15, 'l'), batchLeafProofMask: 5, batchLeafPath: words(3, 'b'), gatewayBlockNumber: 40, sharedTreeMask: 1, gatewayChainId: 506, sharedTreePath: words(2, 's') });
    const decoded = decodeProofWords(proof);
    expect(decoded).toHaveLength(proof.length);
    expect(decoded.map((w) => w.part)).toEqual([
      'chain metadata',
      ...Array(15).fill('chain log path'),
      'chain batch position',
      ...Array(3).fill('chain batch path'),
      'chain settlement word',
      'chain settlement layer',
      'shared tree metadata',
      'shared tree log path',
      'shared tree log path',
    ]);
    expect(decoded[16]!.meaning).toContain('batch leaf index 5');
    expect(decoded[20]!.meaning).toContain('Gateway block (or batch, for a proof to the L1) 40');
    expect(decoded[20]!.meaning).toContain("leaf index 1 in the shared tree");
    expect(decoded[21]!.meaning).toContain('chain id 506');
    expect(decoded.map((w) => w.word)).toEqual(proof);
  });

  test('a final proof is its metadata and its path, the last sibling named the aggregated root', () => {
    const decoded = decodeProofWords(buildFinalProof(words(3, 'f')));
    expect(decoded.map((w) => w.part)).toEqual(['chain metadata', 'chain log path', 'chain log path', 'chain log path']);
    expect(decoded[0]!.meaning).toContain('final');
    expect(decoded[3]!.meaning).toContain('aggregated root');
  });

  test('a proof to the L1 reads like a Gateway proof whose settlement word names a batch', () => {
    const proof = buildProofToL1({ logLeafPath: words(15, 'l'), batchLeafProofMask: 0, batchLeafPath: [], settlementLayerBatchNumber: 9, sharedTreeMask: 0, gatewayChainId: 506, sharedTreePath: words(1, 's'), settlementLayerLocalLogsRoot: keccak256('0x01') });
    const decoded = decodeProofWords(proof);
    expect(decoded).toHaveLength(proof.length);
    expect(decoded.find((w) => w.part === 'chain settlement word')!.meaning).toContain(' 9;');
  });

  test('a word that is not metadata where metadata belongs is called so, and the rest is not guessed', () => {
    const decoded = decodeProofWords([keccak256('0x02'), keccak256('0x03')]);
    expect(decoded.map((w) => w.part)).toEqual(['unknown', 'extra']);
  });
});

describe('routes', () => {
  const routes: Route[] = [
    { page: 'overview' },
    { page: 'chain', chainId: 271 },
    { page: 'block', chainId: 506, number: 12 },
    { page: 'batch', chainId: 271, number: 0 },
    { page: 'tx', chainId: 9, hash: `0x${'ab'.repeat(32)}` },
    { page: 'address', address: `0x${'cd'.repeat(20)}` },
    { page: 'message', chainId: 271, hash: `0x${'ef'.repeat(32)}`, index: 2 },
    { page: 'message', chainId: 271, hash: `0x${'ef'.repeat(32)}`, index: 0 },
    { page: 'bundle', hash: `0x${'01'.repeat(32)}` },
    { page: 'search', query: '0x12 34' },
  ];

  test.each(routes.map((r) => [href(r), r] as const))('%s reads back as the route it was written from', (link, route) => {
    expect(parseRoute(link)).toEqual(route);
  });

  test('a malformed hash is no page, not a guess', () => {
    expect(parseRoute('#/tx/271/0x1234')).toEqual({ page: 'notFound', path: '/tx/271/0x1234' });
    expect(parseRoute('#/chain/abc')).toEqual({ page: 'notFound', path: '/chain/abc' });
  });
});
