/**
 * The pure protocol core of zkinterop: hashing, L2→L1 logs, the per-batch local logs tree, the
 * MessageRoot model, proof encoding, the TS twin of L2MessageVerification, and protocol v31's bundle
 * encoding (ERC-7930 addresses, `bundleHash`). No I/O, no clocks.
 */
export * from './constants.ts';
export {
  keccak256,
  keccakPair,
  keccakHex,
  wordToBytes,
  bytesToWord,
  packWords,
  toUint256,
  u256Bytes,
  bytesToUint256,
  uint256ToWord,
  UINT256_LIMIT,
} from './hash.ts';
export { ProofRevertError, type ProofRevertReason } from './proofRevert.ts';
export { calculateRoot, calculateRootBytes, treeHeight, zeroHashes } from './merkle.ts';
export {
  type L2ToL1Log,
  type L2Message,
  serializeL2ToL1Log,
  serializeL2ToL1LogBytes,
  l2ToL1LogLeaf,
  l2ToL1LogLeafBytes,
  messageLog,
  l2MessageToLog,
} from './l2ToL1Log.ts';
export { LocalLogsTree, chainBatchRoot } from './localLogsTree.ts';
export { DynamicMerkleTree } from './dynamicMerkleTree.ts';
export {
  MessageRootModel,
  batchLeaf,
  chainIdLeaf,
  emptyAggregatedRoot,
  batchLeafBytes,
  chainIdLeafBytes,
  type MessageRootEvent,
  type MessageRootJson,
  type AddChainBatchRootResult,
  type BatchInclusion,
} from './messageRoot.ts';
export {
  type ProofMetadata,
  type GatewayProofParts,
  encodeProofMetadata,
  decodeProofMetadata,
  packSettlementLayerInfo,
  unpackSettlementLayerInfo,
  buildFinalProof,
  buildGatewayProof,
  buildProofToL1,
  type ProofToL1Parts,
} from './proof.ts';
export {
  type InteropRootReader,
  proveL2LeafInclusionShared,
  proveL2LogInclusionShared,
  proveL2MessageInclusionShared,
} from './verify.ts';
export { type L1MessageClaim, type L1SettlementReader, proveL2MessageInclusionOnL1 } from './verifyOnL1.ts';
export {
  BUNDLE_IDENTIFIER,
  INTEROP_BUNDLE_VERSION,
  INTEROP_CALL_VERSION,
  INTEROP_BUNDLE_ABI,
  BundleDecodeError,
  type InteropCall,
  type BundleAttributes,
  type InteropBundle,
  type EvmV1Address,
  formatEvmV1,
  parseEvmV1,
  encodeBundle,
  encodeBundleMessage,
  decodeBundle,
  decodeBundleMessage,
  bundleHash,
  bundleSalt,
  sendId,
  receiveId,
  interopAttributes,
} from './bundle.ts';
