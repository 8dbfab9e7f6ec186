/**
 * Proof encoding (SPEC §7): the metadata word, the packed settlement-layer word, and the two proof
 * shapes the system hands out: a FINAL proof (log path to the chain batch root, checked against the
 * root stored for that chain and batch) and a GATEWAY proof (`proof_based_gw`: the log path, the
 * batch leaf's path in its chain tree, then a final proof of the chain-id leaf in Gateway's shared
 * tree, checked against the interop root of a Gateway block), and the recursive proof TO L1 through
 * Gateway (SPEC §10: the Gateway shape, ending one level higher at Gateway's batch root on the L1).
 */
import { bytesToHex, type Hex } from 'viem';
import { assertArgument } from '../errors.ts';
import { SUPPORTED_PROOF_METADATA_VERSION } from './constants.ts';
import { bytesToUint256, isZeroBytes, toUint256, uint256ToWord, wordToBytes } from './hash.ts';

const UINT128_LIMIT = 1n << 128n;

/** Decoded metadata word: byte0 version, byte1 logLeafProofLen, byte2 batchLeafProofLen, byte3 final flag. */
export type ProofMetadata = {
  version: number;
  /** Words of the path from the leaf to the chain batch root. */
  logLeafProofLen: number;
  /** Words of the batch leaf's path in its chain tree (0 for a final proof). */
  batchLeafProofLen: number;
  /** True when this is the last link: the computed root is checked against a stored root. */
  finalProofNode: boolean;
};

/**
 * Encodes a metadata word (low 28 bytes zero).
 * @throws InvalidArgumentError for a field that does not fit its byte
 * @example encodeProofMetadata({ logLeafProofLen: 15, batchLeafProofLen: 6, finalProofNode: false })
 *   // 0x010f0600…00
 */
export function encodeProofMetadata(metadata: {
  version?: number;
  logLeafProofLen: number;
  batchLeafProofLen: number;
  finalProofNode: boolean;
}): Hex {
  const version = metadata.version ?? SUPPORTED_PROOF_METADATA_VERSION;
  const word = new Uint8Array(32);
  for (const [i, [name, value]] of ([['version', version], ['logLeafProofLen', metadata.logLeafProofLen], ['batchLeafProofLen', metadata.batchLeafProofLen]] as const).entries()) {
    assertArgument(Number.isInteger(value) && value >= 0 && value <= 0xff, `${name} must fit in one byte, got ${value}`);
    word[i] = value;
  }
  word[3] = metadata.finalProofNode ? 1 : 0;
  return bytesToHex(word);
}

/**
 * Decodes word 0 of a proof.
 * @returns the metadata, or `null` when the low 28 bytes are not all zero (then the whole proof is
 *   a plain, final Merkle path)
 * @throws InvalidArgumentError when `word` is not a 32-byte hex word
 */
export function decodeProofMetadata(word: Hex): ProofMetadata | null {
  return decodeProofMetadataBytes(wordToBytes(word, 'metadata word'));
}

/** {@link decodeProofMetadata} over bytes. */
export function decodeProofMetadataBytes(word: Uint8Array): ProofMetadata | null {
  if (!isZeroBytes(word.subarray(4))) return null;
  return { version: word[0]!, logLeafProofLen: word[1]!, batchLeafProofLen: word[2]!, finalProofNode: word[3] !== 0 };
}

/**
 * Packs `(gatewayBlockNumber << 128) | sharedTreeMask` into one word.
 * @throws InvalidArgumentError when either part does not fit in 128 bits
 */
export function packSettlementLayerInfo(gatewayBlockNumber: bigint | number, sharedTreeMask: bigint | number): Hex {
  const block = toUint256(gatewayBlockNumber, 'gatewayBlockNumber');
  const mask = toUint256(sharedTreeMask, 'sharedTreeMask');
  assertArgument(block < UINT128_LIMIT && mask < UINT128_LIMIT, 'gatewayBlockNumber and sharedTreeMask must each fit in 128 bits');
  return uint256ToWord((block << 128n) | mask);
}

/** Splits a packed settlement-layer word into its Gateway block number and shared-tree mask. */
export function unpackSettlementLayerInfo(word: Hex): { gatewayBlockNumber: bigint; sharedTreeMask: bigint } {
  const value = bytesToUint256(wordToBytes(word, 'settlement-layer word'));
  return { gatewayBlockNumber: value >> 128n, sharedTreeMask: value & (UINT128_LIMIT - 1n) };
}

/**
 * A final proof: metadata `(1, path.length, 0, final)` then the path. For a log, `path` is its path
 * to the chain batch root (14 local siblings, then the aggregated root).
 * @throws InvalidArgumentError for a path longer than 255 words or a malformed word
 */
export function buildFinalProof(path: readonly Hex[]): Hex[] {
  path.forEach((w, i) => wordToBytes(w, `path[${i}]`));
  return [encodeProofMetadata({ logLeafProofLen: path.length, batchLeafProofLen: 0, finalProofNode: true }), ...path];
}

/** Everything a Gateway (`proof_based_gw`) proof is made of. */
export type GatewayProofParts = {
  /** Path of the log leaf to the chain batch root (mask = log index). */
  logLeafPath: readonly Hex[];
  /** Index of the batch leaf in the chain tree. */
  batchLeafProofMask: bigint | number;
  /** Path of the batch leaf in the chain tree. */
  batchLeafPath: readonly Hex[];
  /** Gateway block whose interop root the proof ends at. */
  gatewayBlockNumber: bigint | number;
  /** Index of the chain in Gateway's shared tree. */
  sharedTreeMask: bigint | number;
  /** Gateway's chain id. */
  gatewayChainId: bigint | number;
  /** Path of the chain-id leaf in the shared tree. */
  sharedTreePath: readonly Hex[];
};

/**
 * A Gateway proof: metadata `(1, logLen, batchLen, not final)`, log path, batch-leaf mask word,
 * batch-leaf path, `(gatewayBlockNumber << 128) | sharedTreeMask`, Gateway chain id, then a final
 * proof of the chain-id leaf in the shared tree.
 * @throws InvalidArgumentError for a path longer than 255 words, a value out of range or a malformed word
 * @example buildGatewayProof({ logLeafPath, gatewayChainId: 506n, ...model.batchInclusion(271n, 66n) })
 */
export function buildGatewayProof(parts: GatewayProofParts): Hex[] {
  parts.logLeafPath.forEach((w, i) => wordToBytes(w, `logLeafPath[${i}]`));
  parts.batchLeafPath.forEach((w, i) => wordToBytes(w, `batchLeafPath[${i}]`));
  return [
    encodeProofMetadata({ logLeafProofLen: parts.logLeafPath.length, batchLeafProofLen: parts.batchLeafPath.length, finalProofNode: false }),
    ...parts.logLeafPath,
    uint256ToWord(parts.batchLeafProofMask),
    ...parts.batchLeafPath,
    packSettlementLayerInfo(parts.gatewayBlockNumber, parts.sharedTreeMask),
    uint256ToWord(parts.gatewayChainId),
    ...buildFinalProof(parts.sharedTreePath),
  ];
}

/** Everything a recursive proof to the L1 through a settlement layer (Gateway) is made of (SPEC §10). */
export type ProofToL1Parts = Omit<GatewayProofParts, 'gatewayBlockNumber'> & {
  /** the settlement layer's batch number on the L1 (its batch root there is what the proof ends at) */
  settlementLayerBatchNumber: bigint | number;
  /** the settlement layer's local logs root of that batch: the left half of its batch root */
  settlementLayerLocalLogsRoot: Hex;
};

/**
 * A chain's proof to the L1 through its settlement layer, as the real server's
 * `get_l1_batch_chain_merkle_path` lays it out: a Gateway proof whose settlement word names the layer's
 * BATCH number on the L1, and whose shared-tree path goes one level further, past the shared root, to
 * the layer's batch root H(localLogsRoot ‖ shared root): the local logs root as the last sibling, the
 * mask's bit for that level set (the shared root is the right child).
 * @throws InvalidArgumentError as buildGatewayProof
 * @example buildProofToL1({ logLeafPath, gatewayChainId: 506, ...inclusion, settlementLayerBatchNumber: 4, settlementLayerLocalLogsRoot })
 */
export function buildProofToL1(parts: ProofToL1Parts): Hex[] {
  wordToBytes(parts.settlementLayerLocalLogsRoot, 'settlementLayerLocalLogsRoot');
  return buildGatewayProof({
    logLeafPath: parts.logLeafPath,
    batchLeafProofMask: parts.batchLeafProofMask,
    batchLeafPath: parts.batchLeafPath,
    gatewayBlockNumber: parts.settlementLayerBatchNumber,
    sharedTreeMask: BigInt(parts.sharedTreeMask) | (1n << BigInt(parts.sharedTreePath.length)),
    gatewayChainId: parts.gatewayChainId,
    sharedTreePath: [...parts.sharedTreePath, parts.settlementLayerLocalLogsRoot],
  });
}
