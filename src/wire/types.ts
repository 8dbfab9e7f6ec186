/**
 * The wire contract: the shapes of the answers that cross the JSON-RPC boundary between a zkinterop
 * node and its clients (docs/dev-rpc.md): message lifecycles and their pages
 * (`zkinterop_getMessageLifecycle`, `zkinterop_listMessages`), imported roots
 * (`zkinterop_getImportedRoot`), Gateway's batch inclusion (`zkinterop_getBatchInclusion`), the
 * network's layout (`zkinterop_networkConfig`), log proofs (`zks_getL2ToL1LogProof`) and protocol v31
 * bundles with their lifecycles (`zkinterop_getBundle`, `zkinterop_listBundles`).
 *
 * One copy, imported by both sides: the node (src/chain, src/gateway, src/network) builds these and
 * the SDK (src/sdk) reads them, so a change to a shape is a type error on whichever side did not
 * follow. Types and constants only: this module imports nothing but viem's types, so the SDK (and any
 * client) can import it without loading the node (EDR, stores, servers). Plain JSON data; numbers are
 * JSON numbers, absent optional members are left out.
 */
import type { Address, Hex } from 'viem';

// ------------------------------------------------------------------ messages

/**
 * Every stage the node reports for a message, in order (`MessageLifecycle.stage`): `included` in a
 * block of the open batch, then its batch's stage. `failed` ends the road (Gateway rejected the batch).
 */
export const LIFECYCLE_STAGES = ['included', 'sealed', 'committed', 'proved', 'executed', 'failed'] as const;

/** Stage of a message on its source chain, as the node reports it. */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/**
 * The steps on the L1 after `executed` on Gateway, for a chain settling on Gateway in a network with an
 * L1 (SPEC §10): the Gateway batch holding the chain batch's execute transaction committed, proved and
 * executed on the L1. After `executedOnL1` the message is provable on the L1 with the proof
 * `zks_getL2ToL1LogProof` answers without a mode. Never reported on a network without an L1, nor for a
 * chain settling on the L1 directly (its own `committed`/`proved`/`executed` are on the L1 already).
 */
export const L1_LIFECYCLE_STEPS = ['committedOnL1', 'provedOnL1', 'executedOnL1'] as const;

/** Name of one L1 step (see {@link L1_LIFECYCLE_STEPS}). */
export type L1LifecycleStepName = (typeof L1_LIFECYCLE_STEPS)[number];

/** Name of one reached step: `sent` (the node received the transaction), then every stage but `failed`, then the L1 steps. */
export type LifecycleStepName = 'sent' | Exclude<LifecycleStage, 'failed'> | L1LifecycleStepName;

/** One reached step of a message's lifecycle on its source chain. */
export type LifecycleStep = {
  step: LifecycleStepName;
  /** ms since the epoch */
  at: number;
  /** on `included` */
  blockNumber?: number;
  /** on `sealed` */
  batchNumber?: number;
  /** on `committed`, `proved` and `executed` of a chain settling on Gateway: the settlement transaction on Gateway */
  gatewayTxHash?: Hex;
  /** on `executed` */
  gatewayBlockNumber?: number;
  /**
   * the transaction on the L1: on the L1 steps (Gateway's commit / prove / execute of `gatewayBatchNumber`),
   * and on `committed`, `proved` and `executed` of a chain settling on the L1 directly (its own, in place of `gatewayTxHash`)
   */
  l1TxHash?: Hex;
  /** on the L1 steps: Gateway's batch holding the chain batch's execute transaction */
  gatewayBatchNumber?: number;
  /** with `l1TxHash`: the chain that transaction is on (the L1's id; for a chain on Gateway, Gateway's settlement layer) */
  settlementLayerChainId?: number;
};

/** A message as its source chain knows it (`zkinterop_getMessageLifecycle`, an item of `zkinterop_listMessages`). */
export type MessageLifecycle = {
  chainId: number;
  /** the transaction that sent it (the ZKsync hash for a 0x71 transaction) */
  txHash: Hex;
  /** n-th message of its transaction */
  index: number;
  /** keccak256 of the message (the L2→L1 log's value) */
  messageHash: Hex;
  sender: Address;
  message: Hex;
  /** position of its L2→L1 log in the batch (the proof's `index`) */
  logId: number;
  txNumberInBatch: number;
  blockNumber: number;
  batchNumber: number;
  stage: LifecycleStage;
  /** the Gateway block that executed its batch, once `executed` */
  gatewayBlockNumber: number | null;
  /** the interop root of that Gateway block, once `executed` */
  interopRoot: Hex | null;
  steps: LifecycleStep[];
  /** why the batch failed, on `failed` */
  error?: string;
};

/** The filter of `zkinterop_listMessages`: one stage, and a page of the messages, newest first. */
export type MessageListFilter = {
  /** only messages at this stage */
  stage?: LifecycleStage;
  /** at most this many (default 100, at most 10,000) */
  limit?: number;
  /** skip this many of the newest */
  offset?: number;
};

/** One page of `zkinterop_listMessages`: the messages of the page and how many match in all. */
export type MessageListPage = { total: number; messages: MessageLifecycle[] };

/** When a chain imported the interop root of one Gateway block (`zkinterop_getImportedRoot`). */
export type ImportedRoot = {
  /** the chain that published the root (Gateway) */
  chainId: number;
  /** its block whose root was imported */
  blockNumber: number;
  root: Hex;
  /** the block of the importing chain that imported it */
  l2BlockNumber: number;
  /** ms since the epoch */
  importedAt: number;
};

// ------------------------------------------------------------------ bundles (protocol v31)

/**
 * Every stage the network reports for an interop bundle (`BundleLifecycle.stage`), in order: `sent` on
 * its source chain (InteropCenter's `InteropBundleSent`); `settled` once the batch holding the L2→L1
 * message that carries it is executed on Gateway (provable from then on); `rootImported` once its
 * destination imported that Gateway block's interop root (executeBundle would pass the proof check);
 * `verified` (InteropHandler's `BundleVerified` without execution yet); then one of `executed`
 * (`BundleExecuted`), `failed` (the relayer's executeBundle reverted: the bundle is still there to
 * execute again or unbundle) and `unbundled` (`BundleUnbundled`: its calls run or cancelled one by one).
 */
export const BUNDLE_STAGES = ['sent', 'settled', 'rootImported', 'verified', 'executed', 'failed', 'unbundled'] as const;

/** Stage of a bundle, as the network reports it. */
export type BundleStage = (typeof BUNDLE_STAGES)[number];

/** One reached step of a bundle's lifecycle. `unbundled` may repeat (one per unbundleBundle transaction). */
export type BundleStep = {
  step: BundleStage;
  /** ms since the epoch */
  at: number;
  /** the chain it happened on: the source (`sent`), Gateway (`settled`) or the destination (the rest) */
  chainId: number;
  /** the transaction: the send, Gateway's execute of the batch, or the destination's execute / verify / unbundle */
  txHash?: Hex;
  /** the block of that transaction (`rootImported`: the destination's block that imported the root) */
  blockNumber?: number;
  /** on `settled` and `rootImported`: the Gateway block whose interop root proves the bundle */
  gatewayBlockNumber?: number;
  /** on `settled`: the source chain's batch holding the bundle's message */
  batchNumber?: number;
};

/** A frame of EDR's `callTracer` (the geth shape): a failed bundle's execution, down to the call that reverted. */
export type CallFrame = {
  type: string;
  from: Address;
  to?: Address;
  value?: Hex;
  gas?: Hex;
  gasUsed?: Hex;
  input: Hex;
  output?: Hex;
  error?: string;
  revertReason?: string;
  calls?: CallFrame[];
};

/** Why the relayer could not execute a bundle (its executeBundle reverted), kept with the lifecycle. */
export type BundleFailure = {
  /** ms since the epoch: when the relayer tried */
  at: number;
  /** the error's name (InteropHandler's, e.g. `ExecutingNotAllowed`, or the failing contract's) or its revert string; null when neither decodes */
  reason: string | null;
  /** the raw revert data of executeBundle */
  revertData: Hex | null;
  /** which call of the bundle reverted (0-based), when the trace shows it */
  callIndex: number | null;
  /** executeBundle as the relayer ran it, traced with `callTracer` */
  trace: CallFrame | null;
};

/** One call of a bundle as its lifecycle shows it (InteropCall with the ERC-7930 addresses read). */
export type BundleCallSummary = {
  /** the contract called on the destination */
  to: Address;
  /** the calldata (ERC-7786 `receiveMessage` payload) */
  data: Hex;
  /** the call value in wei, decimal */
  value: string;
  /** an indirect call (its first call went to a bridging contract on the source, as token transfers do) */
  indirect: boolean;
};

/** A bundle as the network knows it (`zkinterop_getBundle`, an item of `zkinterop_listBundles`). */
export type BundleLifecycle = {
  bundleHash: Hex;
  sourceChainId: number;
  destinationChainId: number;
  /** the transaction that sent it on the source chain */
  txHash: Hex;
  /** which L2→L1 message of that transaction carries it (the proof's and `zkinterop_getMessageLifecycle`'s index) */
  index: number;
  /** keccak256 of the carrying message */
  messageHash: Hex;
  /** who sent it on the source chain */
  sender: Address;
  calls: BundleCallSummary[];
  /** the only account allowed to execute it (ERC-7930 bytes), or null when anyone may */
  executionAddress: Hex | null;
  /** the account allowed to unbundle it (ERC-7930 bytes) */
  unbundlerAddress: Hex;
  stage: BundleStage;
  steps: BundleStep[];
  /** whether the network's relayer executes it: auto-relay on, and anyone (or the relayer) may execute it */
  relayed: boolean;
  /** the relayer's last failed attempt, once it tried and failed (kept after a later unbundle or execution) */
  failure?: BundleFailure;
};

/** The filter of `zkinterop_listBundles`: newest first, optionally one stage, source or destination. */
export type BundleListFilter = {
  stage?: BundleStage;
  sourceChainId?: number;
  destinationChainId?: number;
  /** at most this many (default 100, at most 10,000) */
  limit?: number;
  /** skip this many of the newest */
  offset?: number;
};

/** One page of `zkinterop_listBundles`. */
export type BundleListPage = { total: number; bundles: BundleLifecycle[] };

/** The network's bundle relayer (`zkinterop_networkConfig`). */
export type AutorelayConfig = {
  /** on unless `up --no-autorelay` / `autorelay: false` */
  enabled: boolean;
  /** the account it executes bundles from (its own key, funded at genesis on every chain), null when off */
  address: Address | null;
};

// ------------------------------------------------------------------ Gateway

/**
 * The Gateway part of a `proof_based_gw` proof for one executed batch (`zkinterop_getBatchInclusion`):
 * the batch's path in its chain's tree and the chain's path in Gateway's shared tree.
 */
export type GatewayInclusion = {
  gatewayChainId: number;
  gatewayBlockNumber: number;
  batchLeafProofMask: number;
  batchLeafProof: Hex[];
  /** index of the chain in Gateway's shared tree */
  sharedTreeIndex: number;
  sharedTreeProof: Hex[];
  /** the interop root stored for that Gateway block */
  interopRoot: Hex;
};

/**
 * Gateway's answer for a chain batch whose Gateway batch is executed on the L1 (`zkinterop_getL1Inclusion`,
 * SPEC §10): the batch's {@link GatewayInclusion} anchored at the shared root that Gateway batch committed
 * (`gatewayBlockNumber` is the batch's last block, `interopRoot` MessageRoot's root at its end), the
 * Gateway batch's number on the L1 and its local logs root (the left half of its batch root there).
 */
export type GatewayL1Inclusion = GatewayInclusion & {
  /** Gateway's batch holding the chain batch's execute transaction (what L1's `l2LogsRootHash` is keyed by) */
  gatewayBatchNumber: number;
  gatewayLocalLogsRoot: Hex;
  /** Gateway's chain batch root H(localLogsRoot ‖ shared root), stored on the L1 */
  gatewayBatchRoot: Hex;
};

/**
 * What `zks_getL2ToL1LogProof` answers: the log's proof in the mode asked for (none, `proof_based_gw` or
 * `messageRoot`). `root` is the chain batch root H(localRoot ‖ aggregatedRoot) in every mode, as the real
 * server answers. `gatewayBlockNumber` only with the `messageRoot` target (the ZKsync OS server's
 * `L2ToL1LogProof.gateway_block_number`, camelCase on the wire; zksync-js reads it): the Gateway block
 * that executed the batch, whose interop root the proof ends at.
 */
export type L2ToL1LogProof = { id: number; proof: Hex[]; root: Hex; batchNumber: number; gatewayBlockNumber?: number };

/** The `messageRoot` target's answer: a `proof_based_gw` proof with the Gateway block it ends at named. */
export type MessageRootLogProof = L2ToL1LogProof & { gatewayBlockNumber: number };

// ------------------------------------------------------------------ the network

/** Names of the built-in timing profiles (src/network/profiles.ts holds their delays). */
export const PROFILE_NAMES = ['instant', 'default', 'realistic'] as const;

/** Name of a built-in timing profile. */
export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * The L1's timing in a network with an L1 under Gateway, in ms: how long the L1 gathers transactions
 * before sealing a block (`blockTimeMs`), how long Gateway's batches stay open, and how long Gateway's
 * settlement waits before each stage it sends to the L1.
 */
export type L1Delays = { blockTimeMs: number; batchTimeMs: number; commitMs: number; proveMs: number; executeMs: number };

/** Every delay of a network, in ms (the chains' batches and stages on Gateway; `l1` only in a network with an L1). */
export type NetworkDelays = { batchTimeMs: number; commitMs: number; proveMs: number; executeMs: number; watcherPollMs: number; l1?: L1Delays };

/** `manual` when stages advance only through the dev namespace. */
export type NetworkMode = 'auto' | 'manual';

/** How one node of a network is described to clients (`zkinterop_networkConfig`, `up --config-out`). */
export type NodeDescription = {
  chainId: number;
  /** 'l1' only in a network with an L1 (the default; not `up --no-l1`) */
  role: 'gateway' | 'chain' | 'l1';
  rpcUrl: string;
  wsUrl: string;
  /** its path on the single routed endpoint (`<routerUrl>/chains/<id>`), when that runs */
  routedUrl: string | null;
  /** its settlement contract on its settlement layer (settling chains: on Gateway, or on the L1 with `settlesOn: 'l1'`; Gateway with an L1: on the L1) */
  settlementContract?: Address;
  /** 'l1' for a chain settling on the L1 directly (it takes no part in Gateway interop); absent otherwise */
  settlesOn?: 'l1';
};

/** A network's layout (`zkinterop_networkConfig`). */
export type NetworkConfig = {
  mode: NetworkMode;
  profile: ProfileName;
  delays: NetworkDelays;
  /** the L1 under Gateway, in a network with one (the default; not `up --no-l1`) */
  l1?: NodeDescription;
  gateway: NodeDescription;
  chains: NodeDescription[];
  /** the single routed endpoint, when it runs */
  routerUrl: string | null;
  /** the bundle relayer: executes every bundle on its destination once it is provable there */
  autorelay: AutorelayConfig;
  /** one process per node (`up --processes`): each node's process id; absent when every node runs in one process */
  processes?: NodeProcess[];
};

/** A node's own process in a network of one process per node (`NetworkConfig.processes`). */
export type NodeProcess = { chainId: number; role: 'gateway' | 'chain' | 'l1'; pid: number };

// ------------------------------------------------------------------ explorer (issue 15)

/** Every stage a batch goes through (`BatchSummary.stage`): `open` takes blocks, then settlement's stages. */
export const BATCH_STAGES = ['open', 'sealed', 'committed', 'proved', 'executed', 'failed'] as const;

/** A batch's stage. */
export type BatchStageName = (typeof BATCH_STAGES)[number];

/**
 * One node at a glance (`zkinterop_chainSummary`, answered by every node from its own books): what the
 * explorer's network page shows for it. Batch numbers are 0 while none reached the stage.
 */
export type ChainSummary = {
  chainId: number;
  role: 'gateway' | 'chain' | 'l1';
  blockNumber: number;
  /** ms since the epoch of the latest block */
  blockTimestamp: number;
  /** the batch taking blocks now */
  openBatch: number;
  lastSealedBatch: number;
  lastCommittedBatch: number;
  lastProvedBatch: number;
  lastExecutedBatch: number;
  /** sealed batches not executed yet on the settlement layer */
  settlementLagBatches: number;
  /** ms since the oldest batch not executed yet was sealed (0 when none waits) */
  settlementLagMs: number;
  /** the last Gateway block whose interop root this chain imported, with when and where (null: none) */
  lastImportedRoot: ImportedRoot | null;
  /** transactions waiting for a block */
  queuedTransactions: number;
  /** `ok`, or `halted` once the settlement layer refused a batch (then `haltedReason`) */
  health: 'ok' | 'halted';
  haltedReason?: string;
};

/** One batch as the explorer lists it (`zkinterop_listBatches`); absent stage fields: not reached yet. */
export type BatchSummary = {
  number: number;
  stage: BatchStageName;
  firstBlock: number;
  lastBlock: number;
  /** user transactions */
  txCount: number;
  /** L2→L1 logs (messages and system logs) */
  logCount: number;
  /** interop roots the batch depends on (imported in its blocks) */
  dependencyRoots: number;
  /** seconds since the epoch: its last block's timestamp */
  timestamp: number;
  sealedAt?: number;
  committedAt?: number;
  provedAt?: number;
  executedAt?: number;
  /** the settlement layer's transactions (Gateway's, or the L1's for Gateway and chains settling there) */
  commitTxHash?: Hex;
  proveTxHash?: Hex;
  executeTxHash?: Hex;
  /** the chain id those transactions are on */
  settlementLayerChainId: number | null;
  chainBatchRoot?: Hex;
  error?: string;
};

/** Filter of `zkinterop_listBatches`: a page, newest first. */
export type BatchListFilter = { limit?: number; offset?: number };

/** One page of `zkinterop_listBatches`. */
export type BatchListPage = { total: number; batches: BatchSummary[] };
