/**
 * The zkinterop package: start a network in-process, and the pure protocol (logs, trees, proofs,
 * verifier) plus the system contracts' ABIs for tools that build on it.
 */
export { startNetwork, defaultChainSpecs, DEFAULT_GATEWAY, Network, type NetworkOptions, type NetworkNode, type ChainSpec } from './network/network.ts';
export { devAccounts, RICH_WALLET_KEYS, TEST_MNEMONIC, type DevAccount } from './network/accounts.ts';
export * from './protocol/index.ts';
export * as contracts from './contracts/index.ts';
export { ZkInteropError, InvalidArgumentError, InvariantError } from './errors.ts';
export { createHttpRpcClient, type RpcClient, RpcClientError } from './rpc/client.ts';
// The client SDK: send, follow, prove and verify messages with viem clients.
export * from './sdk/index.ts';
