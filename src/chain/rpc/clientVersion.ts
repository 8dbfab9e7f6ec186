/**
 * What a node says it is (`web3_clientVersion`, `hardhat_metadata.clientVersion`). Hardhat's network
 * helpers (`loadFixture`, `time`, `mine`, `setBalance`, `impersonateAccount` …) run only against a node
 * whose version starts with a development network's name: "hardhatnetwork", "zksync" or "anvil" in
 * @nomicfoundation/hardhat-network-helpers 1.x (Hardhat 2), "hardhat", "zksync" or "anvil" in 3.x,
 * compared lowercase; with any other version they throw before sending anything. Both then call the
 * `hardhat_*` / `evm_*` methods, which every endpoint serves (src/chain/rpc/hardhatNamespace.ts).
 *
 * The string is truthful in Hardhat's own form (`HardhatNetwork/<version>/@nomicfoundation/edr/<version>`):
 * every chain's EVM IS Hardhat's network engine, EDR (src/chain/engine.ts), and the version field
 * says which node wraps it. "zksync" would also pass, but it would claim the ZKsync server (era_test_node
 * answers "zkSync/v2.0"), whose EraVM zkinterop does not run.
 */

/** The zkinterop version (package.json). */
export const ZKINTEROP_VERSION = '0.1.0';

/** The EDR version every chain runs (package.json's @nomicfoundation/edr; test/devChain/clientVersion.test.ts checks it). */
export const EDR_VERSION = '0.22.0';

/** The client version string (web3_clientVersion). */
export const CLIENT_VERSION = `HardhatNetwork/zkinterop/${ZKINTEROP_VERSION}/@nomicfoundation/edr/${EDR_VERSION}`;
