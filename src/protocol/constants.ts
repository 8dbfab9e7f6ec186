/**
 * Protocol constants of ZKsync interop messaging (SPEC §1–§7): system addresses, tree shapes,
 * domain paddings, empty-leaf hashes, selectors and event topics. Written as literals so loading
 * them costs nothing; constants.test.ts derives every one of them from its definition.
 */
import type { Address, Hex } from 'viem';

/** Formal caller of system calls (the bootloader). */
export const BOOTLOADER_ADDRESS: Address = '0x0000000000000000000000000000000000008001';
/** L1Messenger system contract: `sendToL1` records L2→L1 logs. */
export const L1_MESSENGER_ADDRESS: Address = '0x0000000000000000000000000000000000008008';
/** MessageRoot: aggregates chain batch roots (only on Gateway). */
export const MESSAGE_ROOT_ADDRESS: Address = '0x0000000000000000000000000000000000010005';
/** L2InteropRootStorage: imported interop roots, read by the verifier. */
export const L2_INTEROP_ROOT_STORAGE_ADDRESS: Address = '0x0000000000000000000000000000000000010008';
/** L2MessageVerification: `proveL2MessageInclusionShared` and friends. */
export const L2_MESSAGE_VERIFICATION_ADDRESS: Address = '0x0000000000000000000000000000000000010009';

/** NonceHolder: nonce views (`getDeploymentNonce`, `getMinNonce`), answered by the node over RPC. */
export const NONCE_HOLDER_ADDRESS: Address = '0x0000000000000000000000000000000000008003';
/** ContractDeployer: `getAccountInfo` (no account abstraction here: None, sequential). */
export const CONTRACT_DEPLOYER_ADDRESS: Address = '0x0000000000000000000000000000000000008006';
/** L2BaseToken: the base token (ETH) seen as a token; balances are the native ones. */
export const L2_BASE_TOKEN_ADDRESS: Address = '0x000000000000000000000000000000000000800a';
/** L2AssetRouter: the shared bridge's views (no L1 bridge exists here) and v31's cross-chain ERC-20 transfers. */
export const L2_ASSET_ROUTER_ADDRESS: Address = '0x0000000000000000000000000000000000010003';
/** L2NativeTokenVault: asset ids and token addresses; escrows native tokens and deploys bridged ones. */
export const L2_NATIVE_TOKEN_VAULT_ADDRESS: Address = '0x0000000000000000000000000000000000010004';
/** How ZKsync's contracts name ETH on L1 (its `ETH_TOKEN_ADDRESS`); the base token's L1 address. */
export const ETH_TOKEN_L1_ADDRESS: Address = '0x0000000000000000000000000000000000000001';
/**
 * Bridgehub: at ZKsync's L2 Bridgehub address on every chain and, in zkinterop's own L1 layout, at
 * the same address on L1 (real L1 addresses are deployment-specific; contracts/L1Addresses.sol).
 */
export const BRIDGEHUB_ADDRESS: Address = '0x0000000000000000000000000000000000010002';
/** ChainTypeManager on L1 (zkinterop's own L1 layout, contracts/L1Addresses.sol). */
export const CHAIN_TYPE_MANAGER_ADDRESS: Address = '0x0000000000000000000000000000000000011001';
/** L1AssetRouter on L1 (zkinterop's own L1 layout). */
export const L1_ASSET_ROUTER_ADDRESS: Address = '0x0000000000000000000000000000000000011002';
/** L1Nullifier on L1 (zkinterop's own L1 layout). */
export const L1_NULLIFIER_ADDRESS: Address = '0x0000000000000000000000000000000000011003';
/** L1NativeTokenVault on L1 (zkinterop's own L1 layout). */
export const L1_NATIVE_TOKEN_VAULT_ADDRESS: Address = '0x0000000000000000000000000000000000011004';
/** InteropCenter (protocol v31): `sendBundle`, ERC-7786 `sendMessage`; sends bundles as interop messages. */
export const INTEROP_CENTER_ADDRESS: Address = '0x000000000000000000000000000000000001000d';
/** InteropHandler (protocol v31): `executeBundle`, `verifyBundle`, `unbundleBundle` on the destination. */
export const INTEROP_HANDLER_ADDRESS: Address = '0x000000000000000000000000000000000001000e';
/** L2BaseTokenHolder: the base-token reserve a bundle's call value leaves into and arrives from. */
export const L2_BASE_TOKEN_HOLDER_ADDRESS: Address = '0x0000000000000000000000000000000000010011';
/** Multicall3, where every tool looks for it (an ordinary contract, not a system address). */
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';

/**
 * Most interop roots one batch imports: the bootloader's `MAX_INTEROP_ROOTS_IN_BATCH` (era-contracts
 * bootloader.yul; zksync-era multivm `MAX_MSG_ROOTS_IN_BATCH`, 100), past which it reverts
 * `OVER_MAX_INTEROP_ROOTS`. The server takes at most this many per block and seals the batch on reaching it.
 */
export const MAX_INTEROP_ROOTS_IN_BATCH = 100;

/** Bytes of one serialized L2→L1 log: shardId(1) ‖ isService(1) ‖ txNumber(2) ‖ sender(20) ‖ key(32) ‖ value(32). */
export const L2_TO_L1_LOG_SERIALIZED_SIZE = 88;
/** Height of the fixed per-batch local logs tree. */
export const LOCAL_LOGS_TREE_HEIGHT = 14;
/** Leaves of the local logs tree (2^14): the most L2→L1 logs one batch can hold. */
export const LOCAL_LOGS_TREE_LEAVES = 16_384;

/** `H("zkSync:BatchLeaf")`: domain separator of batch leaves in a chain tree. */
export const BATCH_LEAF_PADDING: Hex = '0xd82fec4a37cbdc47f1e5cc4ad64deacf34a48e6f7c61fa5b68fd58e543259cf4';
/** `H("zkSync:ChainIdLeaf")`: domain separator of chain leaves in the shared tree. */
export const CHAIN_ID_LEAF_PADDING: Hex = '0x39bc69363bb9e26cf14240de4e22569e95cf175cfbcf1ade1a47a253b4bf7f61';
/** `H(88 zero bytes)`: empty leaf of the local logs tree; never a provable leaf. */
export const L2_L1_LOGS_TREE_DEFAULT_LEAF_HASH: Hex = '0x72abee45b59e344af8a6e520241c4744aff26ed411f4c4b00f8af09adada43ba';
/** `H(96 zero bytes)`: empty leaf of chain trees and of the shared tree. */
export const EMPTY_TREE_ENTRY_HASH: Hex = '0x46700b4d40ac5c35af2c22dda2787a91eb567b06c924a8fb8ae9a05b20c08c21';
/** Root of a local logs tree with no logs. */
export const EMPTY_LOCAL_LOGS_ROOT: Hex = '0x375a5bf909cb02143e3695ca658e0641e739aa590f0004dba93572c44cdb9d2d';
/** Root of a chain tree with no batches. */
export const EMPTY_CHAIN_TREE_ROOT: Hex = '0x0000000000000000000000000000000000000000000000000000000000000000';

/** The only proof metadata version the verifier accepts. */
export const SUPPORTED_PROOF_METADATA_VERSION = 1;

/** Function selectors used across the system. */
export const SELECTORS = {
  /** `sendToL1(bytes)` on L1Messenger. */
  sendToL1: '0x62f84b24',
  /** `addInteropRoot(uint256,uint256,bytes32[])` on L2InteropRootStorage. */
  addInteropRoot: '0xfb6200c6',
  /** `interopRoots(uint256,uint256)` on L2InteropRootStorage. */
  interopRoots: '0x77cfd171',
  /** `proveL2MessageInclusionShared(uint256,uint256,uint256,(uint16,address,bytes),bytes32[])`. */
  proveL2MessageInclusionShared: '0x18b7fc22',
  /** `proveL2LeafInclusionShared(uint256,uint256,uint256,bytes32,bytes32[])`. */
  proveL2LeafInclusionShared: '0x79cf6165',
  /** `proveL2LogInclusionShared(uint256,uint256,uint256,(uint8,bool,uint16,address,bytes32,bytes32),bytes32[])`. */
  proveL2LogInclusionShared: '0xe896760d',
  /** `addChainBatchRoot(uint256,uint256,bytes32)` on MessageRoot. */
  addChainBatchRoot: '0xfb644fc5',
  /** `getAggregatedRoot()` on MessageRoot. */
  getAggregatedRoot: '0x3977d71c',
  /** `historicalRoot(uint256)` on MessageRoot. */
  historicalRoot: '0x2e9b5cbb',
  /** `getChainRoot(uint256)` on MessageRoot. */
  getChainRoot: '0x1e4fba05',
  /** `chainIndex(uint256)` on MessageRoot. */
  chainIndex: '0x48ceb85e',
  /** `sendL2ToL1Log(bool,bytes32,bytes32)` on L1Messenger (system contracts only). */
  sendL2ToL1Log: '0x56079ac8',
  /** `chainCount()` on MessageRoot. */
  chainCount: '0xe02e1bfd',
} as const satisfies Record<string, Hex>;

/** Event topics (topic0) used across the system. */
export const EVENT_TOPICS = {
  /** `L1MessageSent(address indexed sender, bytes32 indexed hash, bytes message)`. */
  L1MessageSent: '0x3a36e47291f4201faf137fab081d92295bce2d53be2c6ca68ba82c7faa9ce241',
  /** `L2ToL1LogSent((uint8 l2ShardId, bool isService, uint16 txNumberInBlock, address sender, bytes32 key, bytes32 value))`, before `L1MessageSent` in sendToL1. */
  L2ToL1LogSent: '0x27fe8c0b49f49507b9d4fe5968c9f49edfe5c9df277d433a07a0717ede97638d',
  /** `AppendedChainBatchRoot(uint256 indexed chainId, uint256 indexed batchNumber, bytes32 chainBatchRoot)`. */
  AppendedChainBatchRoot: '0x4f7fd9ed016150a623d5a2cf43053fe313a56293a77e060a05db49ed22579520',
  /** `NewChainRoot(uint256 indexed chainId, bytes32 chainRoot, bytes32 chainIdLeafHash)`. */
  NewChainRoot: '0x55f052ace108bbb0a540b328ff35be177a5c1d1f6e1e1adb46c1fa4bdaa69c10',
  /** `NewInteropRoot(uint256 indexed chainId, uint256 indexed blockNumber, uint256 indexed logId, bytes32[] sides)`. */
  NewInteropRoot: '0x94a4617be5e5655b97e5cf28ad2038cdc6ae3325b7940f0da8418aac8516a11f',
  /** `InteropRootAdded(uint256 indexed chainId, uint256 indexed blockNumber, bytes32[] sides)`. */
  InteropRootAdded: '0x6b451b8422636e45b93bf7f594fa2c1769d039766c4254a6e7f9c0ee1715cdb0',
} as const satisfies Record<string, Hex>;

/** Gas per pubdata byte a chain asks for (ZKsync's default limit, what zksync-ethers signs with). */
export const GAS_PER_PUBDATA = 50_000n;
