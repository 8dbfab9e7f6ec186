/**
 * The ZKsync server's ranges for nonce and fees (`get_nonce_checked`, `get_fee_data_checked`),
 * which every transaction it accepts must be within, whatever its type.
 */
import { assertTransaction } from './transactionError.ts';

const MAX_U32 = 2n ** 32n - 1n;
const MAX_U64 = 2n ** 64n - 1n;

/** The fields the ZKsync ranges apply to. */
export type ZksyncRangeFields = {
  nonce: bigint;
  maxFeePerGas: bigint;
  maxPriorityFeePerGas: bigint;
  /** Only EIP-712 transactions carry one. */
  gasPerPubdata?: bigint;
};

/**
 * Throws unless the nonce fits in 32 bits, the fees in 64 bits and a gas-per-pubdata limit is
 * in 1..2^64-1, as the ZKsync server requires.
 * @throws InvalidTransactionError with reason `OUT_OF_RANGE`.
 */
export function assertZksyncRanges(fields: ZksyncRangeFields): void {
  assertTransaction(fields.nonce <= MAX_U32, 'OUT_OF_RANGE', () => `nonce ${fields.nonce} is above 2^32-1, the largest nonce ZKsync accepts`);
  assertTransaction(fields.maxFeePerGas <= MAX_U64, 'OUT_OF_RANGE', () => `max fee per gas ${fields.maxFeePerGas} is above 2^64-1`);
  assertTransaction(
    fields.maxPriorityFeePerGas <= MAX_U64,
    'OUT_OF_RANGE',
    `max priority fee per gas ${fields.maxPriorityFeePerGas} is above 2^64-1`,
  );
  if (fields.gasPerPubdata === undefined) return;
  assertTransaction(fields.gasPerPubdata !== 0n, 'OUT_OF_RANGE', 'gas per pubdata limit is zero; it must be at least 1');
  assertTransaction(fields.gasPerPubdata <= MAX_U64, 'OUT_OF_RANGE', () => `gas per pubdata limit ${fields.gasPerPubdata} is above 2^64-1`);
}
