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
