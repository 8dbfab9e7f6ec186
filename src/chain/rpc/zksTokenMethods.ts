/**
 * The `zks_*` methods about tokens, bridges and the protocol version (zks_getBridgeContracts,
 * zks_getAllAccountBalances, zks_getConfirmedTokens, zks_getProtocolVersion), in the real server's
 * shapes (zksync-era core/lib/types/src/api) with what is true of this devnet: there is no L1 and no
 * bridge to it, and the only token is the base token, ETH (L2 address 0x…800a, L1 address 0x…00 as
 * the server lists it, the L2 asset router's view of it at 0x…10003).
 */
import { z } from 'zod';
import { numberToHex, type Hex } from 'viem';
import { defineMethod, type RpcMethod } from '../../rpc/methodTable.ts';
import { address, optionalParam } from '../../rpc/schemas.ts';
import { L2_ASSET_ROUTER_ADDRESS, L2_BASE_TOKEN_ADDRESS } from '../../contracts/index.ts';
import type { ChainNode } from '../chainNode.ts';

/**
 * The protocol's minor version this node follows: v31 (interop roots and proof_based_gw since v29, bundles
 * since v31: InteropCenter/InteropHandler), as zks_getBlockDetails says ("Version31") and the chain type
 * managers report (contracts/L1Addresses.sol).
 */
export const PROTOCOL_MINOR_VERSION = 31;
const ZERO_HASH = `0x${'00'.repeat(32)}` as Hex;

/** The base token as zks_getConfirmedTokens lists it (the server's tokens table names ETH's L1 address 0x…00). */
export const BASE_TOKEN_ENTRY = {
  l1Address: '0x0000000000000000000000000000000000000000',
  l2Address: L2_BASE_TOKEN_ADDRESS,
  name: 'Ether',
  symbol: 'ETH',
  decimals: 18,
} as const;

const u32 = z.number({ error: 'expected a JSON number' }).int().min(0).max(0xffff_ffff);
const u8 = z.number({ error: 'expected a JSON number from 0 to 255' }).int().min(0).max(255);
const u16 = z.number({ error: 'expected a JSON number from 0 to 65535' }).int().min(0).max(0xffff);

/** The token, bridge and protocol-version methods of one chain. */
export function zksTokenMethods(node: ChainNode): RpcMethod[] {
  return [
    defineMethod({
      name: 'zks_getBridgeContracts',
      params: z.tuple([]),
      // No L1 exists, so no L1 bridge (null, as the server leaves an absent one); the shared L2 bridge
      // (the asset router) is the one zksync-ethers uses for both its shared and ERC20 bridge.
      handler: () => ({
        l1SharedDefaultBridge: null,
        l2SharedDefaultBridge: L2_ASSET_ROUTER_ADDRESS,
        l1Erc20DefaultBridge: null,
        l2Erc20DefaultBridge: L2_ASSET_ROUTER_ADDRESS,
        l1WethBridge: null,
        l2WethBridge: null,
        l2LegacySharedBridge: null,
      }),
    }),
    defineMethod({
      name: 'zks_getAllAccountBalances',
      params: z.tuple([address]),
      paramNames: ['address'],
      // Every token the account holds: only the base token exists here. The server leaves out zero balances.
      handler: async ([who]) => {
        const balance = await node.engine.request<Hex>('eth_getBalance', [who, 'latest']);
        return BigInt(balance) === 0n ? {} : { [L2_BASE_TOKEN_ADDRESS]: numberToHex(BigInt(balance)) };
      },
    }),
    defineMethod({
      name: 'zks_getConfirmedTokens',
      params: z.tuple([u32, u8]),
      paramNames: ['from', 'limit'],
      // The server pages its token list by id from `from`; here the list is ETH alone.
      handler: ([from, limit]) => [BASE_TOKEN_ENTRY].slice(from, from + limit),
    }),
    defineMethod({
      name: 'zks_getProtocolVersion',
      params: z.tuple([optionalParam(u16)]),
      paramNames: ['versionId'],
      handler: ([id]) => (id === undefined || id === PROTOCOL_MINOR_VERSION ? protocolVersion() : null),
    }),
  ];
}

/**
 * zks_getProtocolVersion's object with the server's field names (old snake_case ones beside the new
 * camelCase ones). There is no bootloader, default account or EVM emulator code and no verifier
 * here: their hashes are zero (as zks_getL1BatchDetails reports) and the emulator's is null.
 */
function protocolVersion() {
  return {
    version_id: PROTOCOL_MINOR_VERSION,
    minorVersion: PROTOCOL_MINOR_VERSION,
    // Active since genesis: the server records 0 for a version that was never an upgrade.
    timestamp: 0,
    verification_keys_hashes: { snark_wrapper_vk_hash: ZERO_HASH, fflonk_snark_wrapper_vk_hash: null },
    base_system_contracts: { bootloader: ZERO_HASH, default_aa: ZERO_HASH, evm_emulator: null },
    bootloaderCodeHash: ZERO_HASH,
    defaultAccountCodeHash: ZERO_HASH,
    evmSimulatorCodeHash: null,
    l2_system_upgrade_tx_hash: null,
    l2SystemUpgradeTxHash: null,
  };
}
