/**
 * What each word of a message proof means (SPEC §7; src/protocol/proof.ts builds them): the metadata
 * word, the log's path to its chain batch root, the batch leaf's position and path in the chain tree,
 * the packed Gateway block and shared-tree position, Gateway's chain id, then the final proof of the
 * chain's leaf in the shared tree. Pure: reads bytes only (no hashing, so nothing to load in a page).
 */

/** One word of a proof with its meaning. */
export type ProofWord = { index: number; word: string; part: string; meaning: string };

/**
 * Splits a proof into its words, naming each.
 * @returns one entry per word; words past the layout the metadata declares are named as such
 * @example decodeProofWords(proof)[0] // { part: 'metadata', meaning: 'version 1, log path 15 words, batch path 6 words, continues into the shared tree' }
 */
export function decodeProofWords(proof: readonly string[]): ProofWord[] {
  const out: ProofWord[] = [];
  let i = 0;
  const push = (part: string, meaning: string) => {
    out.push({ index: i, word: proof[i] ?? '', part, meaning });
    i++;
  };
  const segment = (label: string) => {
    const meta = metadataOf(proof[i]);
    if (!meta) {
      push('unknown', 'not a metadata word: the proof does not follow the layout the verifier reads');
      return false;
    }
    push(`${label} metadata`, `version ${meta.version}; log path ${meta.logLen} words; batch path ${meta.batchLen} words; ${meta.final ? 'final: the path ends at the root stored for this batch' : 'continues into the settlement layer\'s shared tree'}`);
    for (let k = 0; k < meta.logLen && i < proof.length; k++) push(`${label} log path`, k === meta.logLen - 1 && meta.final && label === 'chain' ? `sibling ${k + 1} of ${meta.logLen} (the aggregated root: the batch root is H(local logs root ‖ aggregated root))` : `sibling ${k + 1} of ${meta.logLen} on the way up from the leaf`);
    if (meta.final) return false;
    push(`${label} batch position`, `batch leaf index ${BigInt(proof[i] ?? '0x0').toString()} in the chain's tree of batch roots`);
    for (let k = 0; k < meta.batchLen && i < proof.length; k++) push(`${label} batch path`, `sibling ${k + 1} of ${meta.batchLen} in the chain tree`);
    const packed = BigInt(proof[i] ?? '0x0');
    push(`${label} settlement word`, `Gateway block (or batch, for a proof to the L1) ${(packed >> 128n).toString()}; the chain's leaf index ${(packed & ((1n << 128n) - 1n)).toString()} in the shared tree`);
    push(`${label} settlement layer`, `chain id ${BigInt(proof[i] ?? '0x0').toString()}: the settlement layer whose root the proof continues to`);
    return true;
  };
  let label = 'chain';
  while (i < proof.length) {
    if (!segment(label)) break;
    label = 'shared tree';
  }
  while (i < proof.length) push('extra', 'past the declared layout (the verifier ignores or refuses it)');
  return out;
}

function metadataOf(word: string | undefined): { version: number; logLen: number; batchLen: number; final: boolean } | undefined {
  if (word === undefined || !/^0x[0-9a-fA-F]{64}$/.test(word)) return undefined;
  if (!/^0+$/.test(word.slice(10))) return undefined;
  const byte = (k: number) => parseInt(word.slice(2 + 2 * k, 4 + 2 * k), 16);
  return { version: byte(0), logLen: byte(1), batchLen: byte(2), final: byte(3) !== 0 };
}
