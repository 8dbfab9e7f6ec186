import fc from 'fast-check';
import { type Address, type Hex, bytesToHex, hashTypedData, hexToBytes } from 'viem';
import { chainConfig } from 'viem/zksync';
import { describe, expect, test } from 'vitest';
import { EIP712Signer, utils as zkUtils } from 'zksync-ethers';
import {
  ZKSYNC_EIP712_TYPES,
  type ZksyncSignableTransaction,
  hashFactoryDep,
  zksyncEip712Domain,
  zksyncSignedDigest,
  zksyncTypedData,
} from '../../src/protocol/zksyncTypedData.ts';

const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => bytesToHex(b) as Address);
const bytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((b) => bytesToHex(b));
/** A valid ZKsync bytecode: an odd number of 32-byte words. */
const bytecode = fc
  .integer({ min: 0, max: 2 })
  .chain((n) => fc.uint8Array({ minLength: (2 * n + 1) * 32, maxLength: (2 * n + 1) * 32 }))
  .map((b) => bytesToHex(b));
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });

const signable: fc.Arbitrary<ZksyncSignableTransaction> = fc.record({
  chainId: fc.integer({ min: 1, max: 2 ** 40 }),
  from: address,
  to: fc.option(address, { nil: null }),
  nonce: fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }),
  value: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
  data: bytes(80),
  gasLimit: u64,
  maxFeePerGas: u64,
  maxPriorityFeePerGas: u64,
  gasPerPubdata: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
  factoryDeps: fc.array(bytecode, { maxLength: 2 }),
  paymasterParams: fc.option(fc.record({ paymaster: address, paymasterInput: bytes(60) }), { nil: null }),
});

const { getEip712Domain } = chainConfig.custom;

/** The same transaction as zksync-ethers' EIP712Signer takes it. */
function toZksyncEthers(tx: ZksyncSignableTransaction) {
  return {
    type: 113,
    chainId: tx.chainId,
    from: tx.from,
    to: tx.to ?? undefined,
    nonce: Number(tx.nonce),
    value: tx.value,
    data: tx.data,
    gasLimit: tx.gasLimit,
    maxFeePerGas: tx.maxFeePerGas,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    customData: {
      gasPerPubdata: tx.gasPerPubdata,
      factoryDeps: [...tx.factoryDeps],
      paymasterParams: tx.paymasterParams
        ? { paymaster: tx.paymasterParams.paymaster, paymasterInput: hexToBytes(tx.paymasterParams.paymasterInput) }
        : undefined,
    },
  };
}

/** The same transaction as viem's zksync `getEip712Domain` takes it. */
function toViem(tx: ZksyncSignableTransaction) {
  return {
    type: 'eip712' as const,
    chainId: tx.chainId,
    from: tx.from,
    to: tx.to ?? undefined,
    nonce: Number(tx.nonce),
    value: tx.value,
    data: tx.data,
    gas: tx.gasLimit,
    maxFeePerGas: tx.maxFeePerGas,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    gasPerPubdata: tx.gasPerPubdata,
    factoryDeps: [...tx.factoryDeps],
    paymaster: tx.paymasterParams?.paymaster,
    paymasterInput: tx.paymasterParams?.paymasterInput,
  };
}

describe('zksyncTypedData', () => {
  test('the domain is zkSync version 2 on the chain id, with no verifying contract', () => {
    expect(zksyncEip712Domain(270)).toEqual({ name: 'zkSync', version: '2', chainId: 270 });
  });

  test('the Transaction type is the one viem zksync getEip712Domain signs with', () => {
    const tx = fc.sample(signable, { numRuns: 1, seed: 1 })[0]!;
    expect(zksyncTypedData(tx).types).toEqual(getEip712Domain(toViem(tx)).types);
    expect(zksyncTypedData(tx).primaryType).toBe('Transaction');
  });

  test('the digest equals zksync-ethers EIP712Signer.getSignedDigest for any transaction with a recipient', () => {
    fc.assert(
      fc.property(
        signable.filter((tx) => tx.to !== null && (tx.maxPriorityFeePerGas !== 0n || tx.maxFeePerGas === 0n)),
        (tx) => {
          expect(zksyncSignedDigest(tx)).toBe(EIP712Signer.getSignedDigest(toZksyncEthers(tx)));
        },
      ),
      { numRuns: 40 },
    );
  });

  test('the digest equals the digest of viem zksync getEip712Domain for any transaction', () => {
    fc.assert(
      fc.property(signable, (tx) => {
        expect(zksyncSignedDigest(tx)).toBe(hashTypedData(getEip712Domain(toViem(tx))));
      }),
      { numRuns: 40 },
    );
  });

  test('behavior: a zero priority fee is signed as zero, as viem and the ZKsync server do, not replaced by the max fee as zksync-ethers does', () => {
    const tx = fc.sample(signable, { numRuns: 1, seed: 7 })[0]!;
    const zeroTip = { ...tx, to: tx.to ?? ('0x0000000000000000000000000000000000008006' as Address), maxFeePerGas: 5n, maxPriorityFeePerGas: 0n };
    expect(zksyncSignedDigest(zeroTip)).toBe(hashTypedData(getEip712Domain(toViem(zeroTip))));
    expect(zksyncSignedDigest(zeroTip)).not.toBe(EIP712Signer.getSignedDigest(toZksyncEthers(zeroTip)));
    expect(zksyncSignedDigest({ ...zeroTip, maxPriorityFeePerGas: 5n })).toBe(EIP712Signer.getSignedDigest(toZksyncEthers(zeroTip)));
  });

  test('a missing recipient is signed as address zero', () => {
    const tx = fc.sample(signable, { numRuns: 1, seed: 3 })[0]!;
    expect(zksyncTypedData({ ...tx, to: null }).message.to).toBe(0n);
  });

  test('factory deps are signed as their versioned bytecode hashes, as zksync-ethers hashes them', () => {
    fc.assert(
      fc.property(bytecode, (code: Hex) => {
        expect(hashFactoryDep(code)).toBe(bytesToHex(zkUtils.hashBytecode(code)));
        expect(hashFactoryDep(code).slice(0, 6)).toBe('0x0100');
      }),
      { numRuns: 20 },
    );
  });

  test('error: a factory dep of an even number of words cannot be hashed', () => {
    expect(() => hashFactoryDep(`0x${'00'.repeat(64)}`)).toThrow(/odd/i);
  });
});
