/**
 * The zkinterop package's root entry (`zkinterop`): start a network in-process, the client SDK, the
 * pure protocol (logs, trees, proofs, verifier) and the system contracts' ABIs, all in one import.
 * Importing it loads the node (EDR, the RPC server, stores): a client of a running network imports
 * `zkinterop/sdk` instead, and a tool that only needs the protocol math `zkinterop/protocol`
 * (package.json "exports"; test/sdk/entryPoints.test.ts checks that neither loads the node).
 */
export { startNetwork, defaultChainSpecs, DEFAULT_GATEWAY, Network, type NetworkOptions, type NetworkNode, type ChainSpec } from './network/network.ts';
export { devAccounts, RICH_WALLET_KEYS, TEST_MNEMONIC, type DevAccount } from './network/accounts.ts';
export * from './protocol/index.ts';
export * as contracts from './contracts/index.ts';
export { ZkInteropError, InvalidArgumentError, InvariantError, ERROR_CODES, type ErrorCode } from './errors.ts';
export { createHttpRpcClient, type RpcClient, RpcClientError } from './rpc/client.ts';
// The client SDK (also `zkinterop/sdk`): send, follow, prove and verify messages with viem clients,
// and the shapes the node answers in (src/wire/types.ts).
export * from './sdk/index.ts';
