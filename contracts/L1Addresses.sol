// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {L2_BRIDGEHUB_ADDRESS} from "./BridgeAddresses.sol";

// Where zkinterop places ZKsync's L1 contracts on its L1 (SPEC §10). On a real network these
// addresses are deployment-specific (each ecosystem deploys its own proxies); these are
// zkinterop's own fixed layout, mirrored in src/protocol/constants.ts. The Bridgehub sits at the
// L2 Bridgehub's address, so the same contract code serves both layers and a ZK chain contract
// finds its Bridgehub at one address whichever layer it lives on.

/// @dev The Bridgehub of this layer: on L1 the real registry, on an L2 the base-token views.
address constant BRIDGEHUB_ADDRESS = L2_BRIDGEHUB_ADDRESS;
address constant CHAIN_TYPE_MANAGER_ADDRESS = 0x0000000000000000000000000000000000011001;
address constant L1_ASSET_ROUTER_ADDRESS = 0x0000000000000000000000000000000000011002;
address constant L1_NULLIFIER_ADDRESS = 0x0000000000000000000000000000000000011003;
address constant L1_NATIVE_TOKEN_VAULT_ADDRESS = 0x0000000000000000000000000000000000011004;

/// @dev Protocol version v31 packed as era-contracts' SemVer.packSemVer(0, 31, 0) = minor << 32 | patch:
/// the chains run the v31 interop contracts (InteropCenter, InteropHandler), and zksync-js 0.0.19 refuses
/// interop unless ChainTypeManager.getSemverProtocolVersion() says 31.0+ (core/resources/interop/protocol.ts).
uint256 constant PROTOCOL_MINOR_VERSION = 31;
uint256 constant PACKED_PROTOCOL_VERSION = PROTOCOL_MINOR_VERSION << 32;
