/**
 * The system contracts as TypeScript sees them: typed ABIs and bytecodes (generated from the Solidity
 * in contracts/ by `npm run compile:contracts`) and the canonical addresses they live at.
 */
import { numberToHex, type Address } from 'viem';
import { assertArgument } from '../errors.ts';

export * from '../../contracts/artifacts/index.ts';
export {
  BOOTLOADER_ADDRESS,
  L1_MESSENGER_ADDRESS,
  MESSAGE_ROOT_ADDRESS,
  L2_INTEROP_ROOT_STORAGE_ADDRESS,
  L2_MESSAGE_VERIFICATION_ADDRESS,
  NONCE_HOLDER_ADDRESS,
  CONTRACT_DEPLOYER_ADDRESS,
  L2_BASE_TOKEN_ADDRESS,
  L2_ASSET_ROUTER_ADDRESS,
  L2_NATIVE_TOKEN_VAULT_ADDRESS,
  ETH_TOKEN_L1_ADDRESS,
  MULTICALL3_ADDRESS,
  BRIDGEHUB_ADDRESS,
  CHAIN_TYPE_MANAGER_ADDRESS,
  L1_ASSET_ROUTER_ADDRESS,
  L1_NULLIFIER_ADDRESS,
  L1_NATIVE_TOKEN_VAULT_ADDRESS,
  INTEROP_CENTER_ADDRESS,
  INTEROP_HANDLER_ADDRESS,
  L2_BASE_TOKEN_HOLDER_ADDRESS,
} from '../protocol/constants.ts';

/** ChainSettlement of chain `id` sits at this base + id on Gateway (SystemAddresses.sol keeps the same). */
export const CHAIN_SETTLEMENT_BASE_ADDRESS = 0x20000n;

/**
 * Address of a chain's settlement contract on Gateway: `0x…20000 + chainId`.
 * @param chainId the settling chain's id (positive)
 * @returns the checksum-free lowercase address
 * @throws InvalidArgumentError if the chain id is not a positive integer that fits an address
 * @example chainSettlementAddress(271) // '0x000000000000000000000000000000000002010f'
 */
export function chainSettlementAddress(chainId: number | bigint): Address {
  const id = BigInt(chainId);
  assertArgument(id > 0n, `chain id must be positive, got ${chainId}`);
  const value = CHAIN_SETTLEMENT_BASE_ADDRESS + id;
  assertArgument(value < 1n << 160n, `chain id ${chainId} is too large for a settlement address`);
  return numberToHex(value, { size: 20 });
}

/**
 * Everything below this is reserved: kernel space (< 0x…10000), ZKsync's built-ins at 0x…10000+ and the
 * settlement contracts at 0x…20000 + chain id (chain ids are below 2^64).
 */
const SYSTEM_ADDRESS_END = CHAIN_SETTLEMENT_BASE_ADDRESS + (1n << 64n);

/**
 * True for an address the protocol reserves for itself: kernel space (the bootloader, system contracts,
 * precompiles), ZKsync's built-ins at 0x…10000+ (MessageRoot, L2InteropRootStorage, …) and zkinterop's
 * settlement contracts (0x…20000 + chain id). No key signs for these; only the node acts as them.
 * @example isSystemAddress('0x0000000000000000000000000000000000008001') // true
 */
export function isSystemAddress(address: Address): boolean {
  return BigInt(address) < SYSTEM_ADDRESS_END;
}
