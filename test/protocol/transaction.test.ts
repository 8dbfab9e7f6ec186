import { Transaction as EthersTransaction, Wallet as EthersWallet, Signature, ethers } from 'ethers';
import fc from 'fast-check';
import {
  type Address,
  type Hex,
  bytesToHex,
  createWalletClient,
  custom,
  defineChain,
  fromRlp,
  hashTypedData,
  hexToBigInt,
  numberToHex,
  parseTransaction,
  serializeTransaction,
  toHex,
  toRlp,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainConfig, eip712WalletActions, parseEip712Transaction } from 'viem/zksync';
import { describe, expect, test } from 'vitest';
import { EIP712Signer, Wallet as ZksyncWallet, types as zkTypes, utils as zkUtils } from 'zksync-ethers';
import {
  type DecodedTransaction,
  InvalidTransactionError,
  type InvalidTransactionReason,
  decodeRawTransaction,
  screenRawTransaction,
  zksyncTransactionHash,
} from '../../src/protocol/transaction.ts';

const KEY = '0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
const OTHER_KEY = '0x8da4ef21b864d2cc526dbdb2a120bd2874c36c9d0a1fb7f8c63d7f7a8b41de8f';
const CHAIN_ID = 270;
const RECIPIENT = '0x2222222222222222222222222222222222222222';
const CONTRACT_DEPLOYER = '0x0000000000000000000000000000000000008006';
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** A zksync-ethers Wallet that signs offline: no provider, the EIP-712 signer pinned to `chainId`. */
function zksyncWallet(key: string, chainId: number): ZksyncWallet {
  const wallet = new ZksyncWallet(key);
  wallet.eip712 = new EIP712Signer(wallet, chainId);
  return wallet;
}

type ZksyncFields = {
  chainId?: number;
  nonce?: number;
  to?: string;
  value?: bigint;
  data?: string;
  gasLimit?: bigint;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  gasPerPubdata?: bigint;
  factoryDeps?: string[];
  paymasterParams?: zkTypes.PaymasterParams;
};

/** Signs a 0x71 transaction the way zksync-ethers' Wallet does (signature in customSignature). */
async function signWithZksyncEthers(fields: ZksyncFields, key = KEY): Promise<Hex> {
  const chainId = fields.chainId ?? CHAIN_ID;
  const raw = await zksyncWallet(key, chainId).signTransaction({
    type: zkUtils.EIP712_TX_TYPE,
    chainId,
    nonce: fields.nonce ?? 0,
    to: fields.to ?? RECIPIENT,
    value: fields.value ?? 0n,
    data: fields.data ?? '0x',
    gasLimit: fields.gasLimit ?? 300_000n,
    maxFeePerGas: fields.maxFeePerGas ?? 250_000_000n,
    maxPriorityFeePerGas: fields.maxPriorityFeePerGas ?? 250_000_000n,
    customData: {
      gasPerPubdata: fields.gasPerPubdata ?? 50_000n,
      factoryDeps: fields.factoryDeps,
      paymasterParams: fields.paymasterParams,
    },
  });
  return raw as Hex;
}

/** The decoded transaction must agree with what zksync-ethers reads from the same bytes. */
function expectSameAsZksyncEthers(decoded: DecodedTransaction, raw: Hex, signer: string) {
  const reference = zkUtils.parseEip712(raw);
  expect(decoded.type).toBe('eip712');
  expect(decoded.typeByte).toBe(0x71);
  expect(decoded.hash).toBe(reference.hash);
  expect(decoded.hash).toBe(zkTypes.Transaction.from(raw).hash);
  expect(decoded.from).toBe(signer);
  expect(decoded.from).toBe(reference.from);
  expect(BigInt(decoded.chainId ?? -1)).toBe(reference.chainId);
  expect(decoded.nonce).toBe(reference.nonce);
  expect(decoded.to).toBe(reference.to);
  expect(decoded.value).toBe(reference.value);
  expect(decoded.data).toBe(reference.data);
  expect(decoded.gas).toBe(reference.gasLimit);
  expect(decoded.maxFeePerGas).toBe(reference.maxFeePerGas);
  expect(decoded.maxPriorityFeePerGas).toBe(reference.maxPriorityFeePerGas);
  expect(decoded.gasPerPubdata).toBe(reference.customData?.gasPerPubdata);
  expect(decoded.factoryDeps).toEqual(reference.customData?.factoryDeps);
  expect(decoded.customSignature).toBe(reference.customData?.customSignature);
  const paymaster = reference.customData?.paymasterParams;
  expect(decoded.paymasterParams).toEqual(
    paymaster ? { paymaster: paymaster.paymaster, paymasterInput: ethers.hexlify(paymaster.paymasterInput) } : null,
  );
}

/** Runs `decode` and returns the InvalidTransactionError it must throw. */
function refusal(decode: () => unknown): InvalidTransactionError {
  try {
    decode();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTransactionError);
    return error as InvalidTransactionError;
  }
  throw new Error('expected an InvalidTransactionError, but the transaction decoded');
}

function expectRefused(raw: Hex, reason: InvalidTransactionReason, message: RegExp, expectedChainId?: number) {
  const error = refusal(() => decodeRawTransaction(raw, expectedChainId));
  expect(error.code).toBe('INVALID_TRANSACTION');
  expect(error.reason).toBe(reason);
  expect(error.message).toMatch(message);
}

/** Flips one byte of one of `raws` at random, `runs` times: `read` must decode it or raise InvalidTransactionError. */
function expectOnlyInvalidTransactionErrorsOnCorruption(raws: Hex[], read: (raw: Hex) => unknown, runs: number) {
  fc.assert(
    fc.property(fc.constantFrom(...raws), fc.nat(), fc.integer({ min: 1, max: 255 }), (raw, position, mask) => {
      const bytes = ethers.getBytes(raw);
      const index = position % bytes.length;
      bytes[index] = bytes[index]! ^ mask;
      try {
        read(ethers.hexlify(bytes) as Hex);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidTransactionError);
      }
    }),
    { numRuns: runs },
  );
}

/** Replaces RLP field `index` of a typed transaction and re-encodes it (signature left as it was). */
function withField(raw: Hex, index: number, value: Hex | Hex[]): Hex {
  const fields = fromRlp(`0x${raw.slice(4)}`, 'hex') as (Hex | Hex[])[];
  fields[index] = value;
  return `${raw.slice(0, 4)}${toRlp(fields).slice(2)}` as Hex;
}

function flipByte(hex: Hex, byteIndex: number): Hex {
  const bytes = ethers.getBytes(hex);
  bytes[byteIndex] = bytes[byteIndex]! ^ 0x01;
  return ethers.hexlify(bytes) as Hex;
}

/** A valid ZKsync bytecode of `words` 32-byte words (must be odd). */
function bytecode(words: number, fill = 0xab): Hex {
  return bytesToHex(new Uint8Array(words * 32).fill(fill));
}

const signer = new EthersWallet(KEY).address;

describe('ZKsync EIP-712 transactions (0x71) signed by zksync-ethers', () => {
  test('a plain contract call decodes to its fields, its sender and the hash zksync-ethers reports', async () => {
    const raw = await signWithZksyncEthers({ nonce: 7, data: '0xa9059cbb' + '00'.repeat(64) });
    expectSameAsZksyncEthers(decodeRawTransaction(raw, CHAIN_ID), raw, signer);
  });

  test('a value transfer decodes to its value, sender and hash', async () => {
    const raw = await signWithZksyncEthers({ value: 10n ** 18n, data: '0x' });
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expectSameAsZksyncEthers(decoded, raw, signer);
    expect(decoded.value).toBe(10n ** 18n);
  });

  test('a transaction with paymaster params decodes them and hashes as zksync-ethers does', async () => {
    const paymasterParams = zkUtils.getPaymasterParams('0x3333333333333333333333333333333333333333', {
      type: 'ApprovalBased',
      token: '0x4444444444444444444444444444444444444444',
      minimalAllowance: 1n,
      innerInput: new Uint8Array(),
    });
    const raw = await signWithZksyncEthers({ paymasterParams });
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expectSameAsZksyncEthers(decoded, raw, signer);
    expect(decoded.paymasterParams?.paymaster).toBe('0x3333333333333333333333333333333333333333');
  });

  test('a ContractDeployer transaction with factory deps decodes them and hashes as zksync-ethers does', async () => {
    const raw = await signWithZksyncEthers({ to: CONTRACT_DEPLOYER, factoryDeps: [bytecode(1), bytecode(3, 0xcd)] });
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expectSameAsZksyncEthers(decoded, raw, signer);
    expect(decoded.factoryDeps).toEqual([bytecode(1), bytecode(3, 0xcd)]);
  });

  test('a call to a contract with a nonzero gas-per-pubdata limit decodes the limit and hashes as zksync-ethers does', async () => {
    const raw = await signWithZksyncEthers({ to: '0x5555555555555555555555555555555555555555', gasPerPubdata: 800n, data: '0x1234' });
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expectSameAsZksyncEthers(decoded, raw, signer);
    expect(decoded.gasPerPubdata).toBe(800n);
  });

  test('the signature zksync-ethers signs with sits in customSignature and is checked against from', async () => {
    const raw = await signWithZksyncEthers({});
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expect(decoded.customSignature).not.toBeNull();
    expect(decoded.signature.r).toBe(decoded.customSignature?.slice(0, 66));
    expect(decoded.hash).toBe(zksyncTransactionHash(decoded.signedDigest as Hex, decoded.customSignature as Hex));
  });

  test('a customSignature given by the caller (EIP712Signer.sign) is accepted like the Wallet-made one', async () => {
    const tx = {
      type: 113,
      chainId: CHAIN_ID,
      from: signer,
      to: RECIPIENT,
      nonce: 1,
      value: 3n,
      data: '0xdeadbeef',
      gasLimit: 100_000n,
      maxFeePerGas: 10n,
      maxPriorityFeePerGas: 2n,
      customData: { gasPerPubdata: 50_000n },
    };
    const customSignature = await zksyncWallet(KEY, CHAIN_ID).eip712.sign(tx);
    const raw = zkUtils.serializeEip712({ ...tx, customData: { ...tx.customData, customSignature } }) as Hex;
    expectSameAsZksyncEthers(decodeRawTransaction(raw, CHAIN_ID), raw, signer);
  });

  test('random transactions signed by zksync-ethers decode to the fields, sender and hash it reports', async () => {
    const address = fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => ethers.getAddress(bytesToHex(b)));
    const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    const fields = fc.record({
      chainId: fc.integer({ min: 1, max: 2 ** 40 }),
      nonce: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      to: address,
      value: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
      data: fc.uint8Array({ maxLength: 100 }).map(bytesToHex),
      gasLimit: u64,
      maxFeePerGas: u64,
      maxPriorityFeePerGas: u64,
      gasPerPubdata: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }),
      factoryDeps: fc.array(fc.integer({ min: 0, max: 2 }).map((n) => bytecode(2 * n + 1, n + 1)), { maxLength: 2 }),
      paymasterParams: fc.option(
        fc.record({ paymaster: address, paymasterInput: fc.uint8Array({ maxLength: 68 }) }),
        { nil: undefined },
      ),
    });
    await fc.assert(
      fc.asyncProperty(fields, async (f) => {
        const raw = await signWithZksyncEthers(f);
        expectSameAsZksyncEthers(decodeRawTransaction(raw, f.chainId), raw, signer);
      }),
      { numRuns: 25 },
    );
  });

  test('behavior: an ECDSA signature in v/r/s with an empty customSignature is accepted and hashed as the ZKsync server hashes it', async () => {
    const tx = {
      type: 113,
      chainId: CHAIN_ID,
      from: signer,
      to: RECIPIENT,
      nonce: 4,
      value: 5n,
      data: '0x1234',
      gasLimit: 100_000n,
      maxFeePerGas: 7n,
      maxPriorityFeePerGas: 7n,
      customData: { gasPerPubdata: 800n },
    };
    const signature = new EthersWallet(KEY).signingKey.sign(EIP712Signer.getSignedDigest(tx));
    const raw = zkUtils.serializeEip712(tx, signature) as Hex;
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expect(decoded.from).toBe(signer);
    expect(decoded.customSignature).toBeNull();
    // The ZKsync server hashes the packed r ‖ s ‖ v (v = 27/28): zksync-ethers' eip712TxHash given that signature.
    expect(decoded.hash).toBe(zkUtils.eip712TxHash(tx, Signature.from(signature)));
    // …which is the hash of the same transaction with that signature in customSignature.
    const withCustomSignature = zkUtils.serializeEip712({ ...tx, customData: { ...tx.customData, customSignature: signature.serialized } });
    expect(decoded.hash).toBe(decodeRawTransaction(withCustomSignature as Hex).hash);
  });

  test('behavior: a transaction without a recipient decodes with to = null and signs address zero (as viem does)', async () => {
    const raw = await signWithViem({ to: undefined, data: '0x6080' });
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expect(decoded.to).toBeNull();
    expect(decoded.from).toBe(viemAccount.address);
  });
});

const viemAccount = privateKeyToAccount(OTHER_KEY);
const viemChain = defineChain({
  ...chainConfig,
  id: CHAIN_ID,
  name: 'zkinterop test chain',
  nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
  rpcUrls: { default: { http: ['http://127.0.0.1:1'] } },
});
/** A viem zksync wallet client that signs offline: its transport only answers eth_chainId. */
const viemClient = createWalletClient({
  chain: viemChain,
  account: viemAccount,
  transport: custom({
    async request({ method }) {
      if (method === 'eth_chainId') return toHex(CHAIN_ID);
      throw new Error(`offline test transport: ${method}`);
    },
  }),
}).extend(eip712WalletActions());

type ViemFields = {
  to?: Address | undefined;
  value?: bigint;
  data?: Hex;
  maxFeePerGas?: bigint;
  maxPriorityFeePerGas?: bigint;
  paymaster?: Address;
  paymasterInput?: Hex;
  factoryDeps?: Hex[];
  from?: Address | undefined;
};

/** Signs a 0x71 transaction with viem's zksync `signTransaction`, passing `from` as viem's sendTransaction does. */
async function signWithViem(fields: ViemFields): Promise<Hex> {
  const request = {
    type: 'eip712',
    from: 'from' in fields ? fields.from : viemAccount.address,
    to: 'to' in fields ? fields.to : RECIPIENT,
    nonce: 9,
    value: fields.value ?? 0n,
    data: fields.data ?? '0x',
    gas: 200_000n,
    maxFeePerGas: fields.maxFeePerGas ?? 100n,
    maxPriorityFeePerGas: fields.maxPriorityFeePerGas ?? 1n,
    gasPerPubdata: 50_000n,
    paymaster: fields.paymaster,
    paymasterInput: fields.paymasterInput,
    factoryDeps: fields.factoryDeps,
  };
  return (await viemClient.signTransaction(request as never)) as Hex;
}

describe('ZKsync EIP-712 transactions (0x71) signed by viem', () => {
  test('a viem-signed transaction decodes to the fields viem parses, its account and the hash of the digest viem signed', async () => {
    const raw = await signWithViem({
      value: 42n,
      data: '0xabcdef',
      paymaster: '0x3333333333333333333333333333333333333333',
      paymasterInput: '0x8c5a3445',
      factoryDeps: [bytecode(1)],
    });
    const parsed = parseEip712Transaction(raw as never);
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expect(decoded.from).toBe(viemAccount.address);
    expect(decoded.value).toBe(parsed.value);
    expect(decoded.data).toBe(parsed.data);
    expect(decoded.paymasterParams).toEqual({ paymaster: parsed.paymaster, paymasterInput: parsed.paymasterInput });
    expect(decoded.factoryDeps).toEqual(parsed.factoryDeps);
    expect(decoded.customSignature).toBe(parsed.customSignature);
    const digest = hashTypedData(chainConfig.custom.getEip712Domain({ ...parsed, from: viemAccount.address }));
    expect(decoded.signedDigest).toBe(digest);
    expect(decoded.hash).toBe(zksyncTransactionHash(digest, parsed.customSignature!));
    expect(decoded.hash).toBe(zkTypes.Transaction.from(raw).hash);
  });

  test('behavior: a zero priority fee next to a nonzero max fee is verified as signed (viem signs zero, as the ZKsync server checks)', async () => {
    const raw = await signWithViem({ maxFeePerGas: 100n, maxPriorityFeePerGas: 0n });
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expect(decoded.from).toBe(viemAccount.address);
    expect(decoded.maxPriorityFeePerGas).toBe(0n);
  });

  test('error: a viem transaction signed without from (an empty from field) is refused', async () => {
    const raw = await signWithViem({ from: undefined });
    expectRefused(raw, 'MALFORMED', /from.*20-byte address/);
  });
});

describe('Ethereum transactions signed by ethers', () => {
  const wallet = new EthersWallet(KEY);

  test('a legacy EIP-155 transaction decodes to the hash and sender ethers reports', async () => {
    const raw = (await wallet.signTransaction({
      type: 0,
      chainId: CHAIN_ID,
      nonce: 3,
      to: RECIPIENT,
      value: 9n,
      data: '0x01',
      gasLimit: 21_000n,
      gasPrice: 5n,
    })) as Hex;
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expect(decoded).toMatchObject({ type: 'legacy', typeByte: 0, chainId: CHAIN_ID, nonce: 3, to: RECIPIENT, value: 9n, gasPrice: 5n });
    expect(decoded.hash).toBe(EthersTransaction.from(raw).hash);
    expect(decoded.from).toBe(wallet.address);
    expect(decoded.signature.v).toBe(BigInt(CHAIN_ID * 2 + 35 + decoded.signature.yParity));
  });

  test('a pre-EIP-155 legacy transaction names no chain and is accepted on any chain', async () => {
    const raw = (await wallet.signTransaction({ type: 0, nonce: 0, to: null, data: '0x6000', gasLimit: 60_000n, gasPrice: 1n })) as Hex;
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expect(decoded.chainId).toBeNull();
    expect(decoded.to).toBeNull();
    expect(decoded.hash).toBe(EthersTransaction.from(raw).hash);
    expect(decoded.from).toBe(wallet.address);
  });

  test('an EIP-2930 transaction decodes its access list, hash and sender', async () => {
    const accessList = [{ address: RECIPIENT, storageKeys: [`0x${'00'.repeat(31)}01`] }];
    const raw = (await wallet.signTransaction({
      type: 1,
      chainId: CHAIN_ID,
      nonce: 1,
      to: RECIPIENT,
      gasLimit: 50_000n,
      gasPrice: 2n,
      accessList,
    })) as Hex;
    const decoded = decodeRawTransaction(raw, CHAIN_ID);
    expect(decoded.type).toBe('eip2930');
    expect(decoded.accessList).toEqual(accessList);
    expect(decoded.hash).toBe(EthersTransaction.from(raw).hash);
    expect(decoded.from).toBe(wallet.address);
  });

  test('random legacy, EIP-2930 and EIP-1559 transactions decode to the hash, sender and fields ethers reports', async () => {
    const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    const transaction = fc.record({
      type: fc.constantFrom(0, 1, 2),
      chainId: fc.integer({ min: 1, max: 2 ** 40 }),
      nonce: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      to: fc.option(fc.uint8Array({ minLength: 20, maxLength: 20 }).map((b) => ethers.getAddress(bytesToHex(b))), { nil: null }),
      value: fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }),
      data: fc.uint8Array({ maxLength: 100 }).map(bytesToHex),
      gasLimit: u64,
      fee: u64,
      tip: u64,
    });
    await fc.assert(
      fc.asyncProperty(transaction, async (t) => {
        const tip = t.tip % (t.fee + 1n);
        const fees = t.type === 2 ? { maxFeePerGas: t.fee, maxPriorityFeePerGas: tip } : { gasPrice: t.fee };
        const raw = (await wallet.signTransaction({
          type: t.type,
          chainId: t.chainId,
          nonce: t.nonce,
          to: t.to,
          value: t.value,
          data: t.data,
          gasLimit: t.gasLimit,
          ...fees,
        })) as Hex;
        const reference = EthersTransaction.from(raw);
        const decoded = decodeRawTransaction(raw, t.chainId);
        expect(decoded.typeByte).toBe(t.type);
        expect(decoded.hash).toBe(reference.hash);
        expect(decoded.from).toBe(reference.from);
        expect(decoded.chainId).toBe(t.chainId);
        expect(decoded.nonce).toBe(t.nonce);
        expect(decoded.to).toBe(t.to);
        expect(decoded.value).toBe(t.value);
        expect(decoded.data).toBe(t.data);
        expect(decoded.gas).toBe(t.gasLimit);
        if (decoded.type === 'eip1559') {
          expect(decoded.maxFeePerGas).toBe(t.fee);
          expect(decoded.maxPriorityFeePerGas).toBe(tip);
        } else {
          expect(decoded.gasPrice).toBe(t.fee);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('refused transactions', () => {
  const wallet = new EthersWallet(KEY);
  const sign1559 = (overrides: Record<string, unknown> = {}) =>
    wallet.signTransaction({
      type: 2,
      chainId: CHAIN_ID,
      nonce: 5,
      to: RECIPIENT,
      value: 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 10n,
      maxPriorityFeePerGas: 1n,
      ...overrides,
    }) as Promise<Hex>;

  test('error: a tampered ECDSA signature recovers another sender or is refused', async () => {
    const raw = await sign1559();
    const fields = fromRlp(`0x${raw.slice(4)}`, 'hex') as Hex[];
    const tampered = withField(raw, 11, numberToHex(hexToBigInt(fields[11]!) - 2n));
    try {
      expect(decodeRawTransaction(tampered, CHAIN_ID).from).not.toBe(wallet.address);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidTransactionError);
      expect((error as InvalidTransactionError).reason).toBe('INVALID_SIGNATURE');
    }
  });

  test('error: a 0x71 transaction whose customSignature was tampered with is refused as not signed by its sender', async () => {
    const raw = await signWithZksyncEthers({});
    const customSignature = (fromRlp(`0x${raw.slice(4)}`, 'hex') as Hex[])[14]!;
    expectRefused(withField(raw, 14, flipByte(customSignature, 5)), 'INVALID_SIGNATURE', /signed by 0x[0-9a-fA-F]{40}, not by its sender/);
  });

  test('error: a 0x71 transaction signed by another key than its from is refused', async () => {
    const raw = await signWithZksyncEthers({}, OTHER_KEY);
    expectRefused(withField(raw, 11, signer as Hex), 'INVALID_SIGNATURE', /not by its sender/);
  });

  test('error: a 0x71 transaction with a smart-account (non-65-byte) custom signature is refused as unsupported', async () => {
    const raw = await signWithZksyncEthers({});
    expectRefused(withField(raw, 14, `0x${'ab'.repeat(130)}`), 'UNSUPPORTED_SIGNATURE', /130-byte custom signature.*account abstraction/);
  });

  test('error: a 0x71 custom signature with v 0/1 instead of 27/28 is refused, as the ZKsync default account refuses it', async () => {
    const raw = await signWithZksyncEthers({});
    const customSignature = (fromRlp(`0x${raw.slice(4)}`, 'hex') as Hex[])[14]!;
    const v = Number.parseInt(customSignature.slice(-2), 16);
    const parityV = `${customSignature.slice(0, -2)}0${v - 27}` as Hex;
    expectRefused(withField(raw, 14, parityV), 'INVALID_SIGNATURE', /v = [01]; it must be 27 or 28/);
  });

  test('error: an unsigned 0x71 transaction is refused', () => {
    const raw = zkUtils.serializeEip712({ chainId: CHAIN_ID, from: signer, to: RECIPIENT }) as Hex;
    expectRefused(raw, 'INVALID_SIGNATURE', /not signed/);
  });

  test('error: a signature with a high s (the malleable twin) is refused', async () => {
    const parsed = parseTransaction(await sign1559());
    const highS = numberToHex(SECP256K1_ORDER - hexToBigInt(parsed.s!), { size: 32 });
    const twin = serializeTransaction(parsed, { r: parsed.r!, s: highS, yParity: parsed.yParity === 0 ? 1 : 0 });
    expectRefused(twin, 'INVALID_SIGNATURE', /upper half of the curve order/);
  });

  test('error: bytes that are not hex, or empty, are refused as malformed', () => {
    expectRefused('0x' as Hex, 'MALFORMED', /non-empty 0x-prefixed hex/);
    expectRefused('0x123' as Hex, 'MALFORMED', /whole bytes/);
    expectRefused('hello' as Hex, 'MALFORMED', /hex/);
  });

  test('error: truncated RLP is refused as malformed for every type', async () => {
    const raws = [
      await signWithZksyncEthers({}),
      await sign1559(),
      (await wallet.signTransaction({ type: 1, chainId: CHAIN_ID, to: RECIPIENT, gasLimit: 21_000n, gasPrice: 1n })) as Hex,
      (await wallet.signTransaction({ type: 0, chainId: CHAIN_ID, to: RECIPIENT, gasLimit: 21_000n, gasPrice: 1n })) as Hex,
    ];
    for (const raw of raws) expectRefused(raw.slice(0, -2) as Hex, 'MALFORMED', /decoded|RLP/);
  });

  test('error: unknown, blob and set-code type bytes are refused as unsupported types', () => {
    expectRefused('0x05c0', 'UNSUPPORTED_TYPE', /type 0x05 \(unknown\) is not supported/);
    expectRefused('0x03c0', 'UNSUPPORTED_TYPE', /EIP-4844/);
    expectRefused('0x04c0', 'UNSUPPORTED_TYPE', /EIP-7702/);
    expectRefused('0x00c0', 'UNSUPPORTED_TYPE', /0x00/);
  });

  test('error: a transaction for another chain is refused with both chain ids in the message', async () => {
    expectRefused(await signWithZksyncEthers({}), 'WRONG_CHAIN_ID', /for chain 270, but this chain's id is 271/, 271);
    expectRefused(await sign1559(), 'WRONG_CHAIN_ID', /for chain 270, but this chain's id is 271/, 271);
  });

  test('error: a 0x71 transaction with a missing field is refused as malformed', async () => {
    const raw = await signWithZksyncEthers({});
    const fields = fromRlp(`0x${raw.slice(4)}`, 'hex') as Hex[];
    expectRefused(`0x71${toRlp(fields.slice(0, 15)).slice(2)}`, 'MALFORMED', /16 fields, got 15/);
  });

  test('error: a non-canonical integer (leading zero) is refused as malformed', async () => {
    expectRefused(withField(await signWithZksyncEthers({ nonce: 5 }), 0, '0x0005'), 'MALFORMED', /nonce.*leading zero/);
    expectRefused(withField(await sign1559(), 1, '0x0005'), 'MALFORMED', /not canonically encoded/);
  });

  test('error: a nonce of 2^32 or more is refused as out of range', async () => {
    expectRefused(await sign1559({ nonce: 2 ** 32 }), 'OUT_OF_RANGE', /nonce 4294967296 is above 2\^32-1/);
    expectRefused(withField(await signWithZksyncEthers({}), 0, numberToHex(2n ** 32n)), 'OUT_OF_RANGE', /nonce/);
  });

  test('error: a zero gas-per-pubdata limit is refused as out of range', async () => {
    expectRefused(withField(await signWithZksyncEthers({}), 12, '0x'), 'OUT_OF_RANGE', /gas per pubdata limit is zero/);
  });

  test('error: a factory dep that is not a valid ZKsync bytecode is refused as malformed', async () => {
    const raw = await signWithZksyncEthers({});
    expectRefused(withField(raw, 13, [bytecode(2)]), 'MALFORMED', /factory dependency #0 is not a valid ZKsync bytecode/);
  });

  test('error: malformed paymaster params are refused', async () => {
    const raw = await signWithZksyncEthers({});
    expectRefused(withField(raw, 15, ['0x1234', '0x']), 'MALFORMED', /paymaster.*20-byte address/);
    expectRefused(withField(raw, 15, [RECIPIENT]), 'MALFORMED', /paymasterParams must be empty or/);
  });

  test('any byte string either decodes or raises InvalidTransactionError, never a library exception', () => {
    const prefixed = fc
      .tuple(fc.constantFrom([], [0x71], [0x02], [0x01], [0xf8, 0x6b], [0x71, 0xf8, 0x85]), fc.uint8Array({ maxLength: 160 }))
      .map(([prefix, rest]) => bytesToHex(new Uint8Array([...prefix, ...rest])));
    fc.assert(
      fc.property(prefixed, (raw) => {
        try {
          decodeRawTransaction(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidTransactionError);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('a one-byte corruption of a signed transaction either decodes or raises InvalidTransactionError', async () => {
    const raws = [await signWithZksyncEthers({ data: '0x1234', paymasterParams: { paymaster: RECIPIENT, paymasterInput: new Uint8Array([1, 2]) } }), await sign1559()];
    expectOnlyInvalidTransactionErrorsOnCorruption(raws, (raw) => decodeRawTransaction(raw), 300);
  });
});

/** keccak256 of the raw bytes, what every client computes as a standard transaction's hash. */
function decodeRawTransactionHash(raw: Hex): Hex {
  return ethers.keccak256(raw) as Hex;
}

describe('screening without sender recovery (what the node runs before the EVM recovers the sender)', () => {
  const wallet = new EthersWallet(KEY);
  const signed = (type: number, overrides: Record<string, unknown> = {}) =>
    wallet.signTransaction({ type, chainId: CHAIN_ID, nonce: 3, to: RECIPIENT, value: 1n, gasLimit: 21_000n, ...(type === 2 ? { maxFeePerGas: 10n, maxPriorityFeePerGas: 1n } : { gasPrice: 10n }), ...overrides }) as Promise<Hex>;

  test('a legacy, 2930 or 1559 transaction screens to the hash, chain id and gas limit that full decoding gives', async () => {
    for (const type of [0, 1, 2]) {
      const raw = await signed(type);
      const decoded = decodeRawTransaction(raw, CHAIN_ID);
      expect(screenRawTransaction(raw, CHAIN_ID)).toEqual({ type: decoded.type, hash: decoded.hash, chainId: CHAIN_ID, gas: decoded.gas });
    }
  });

  test('random legacy, EIP-2930 and EIP-1559 transactions screen to the hash ethers reports, their chain id and gas limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ type: fc.constantFrom(0, 1, 2), gas: fc.bigInt({ min: 21_000n, max: 2n ** 64n - 1n }), chainId: fc.integer({ min: 1, max: 2 ** 40 }), nonce: fc.integer({ min: 0, max: 2 ** 32 - 1 }), fee: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), data: fc.uint8Array({ maxLength: 100 }).map(bytesToHex) }),
        async (t) => {
          const fees = t.type === 2 ? { maxFeePerGas: t.fee, maxPriorityFeePerGas: t.fee / 2n } : { gasPrice: t.fee };
          const raw = (await wallet.signTransaction({ type: t.type, chainId: t.chainId, nonce: t.nonce, to: RECIPIENT, data: t.data, gasLimit: t.gas, ...fees })) as Hex;
          expect(screenRawTransaction(raw, t.chainId)).toEqual({ type: ['legacy', 'eip2930', 'eip1559'][t.type], hash: EthersTransaction.from(raw).hash, chainId: t.chainId, gas: t.gas });
        },
      ),
      { numRuns: 30 },
    );
  });

  test('a pre-EIP-155 legacy transaction screens with no chain id and passes on any chain', async () => {
    const raw = serializeTransaction({ type: 'legacy', nonce: 1, to: RECIPIENT, gas: 21_000n, gasPrice: 1n }, { r: numberToHex(5n, { size: 32 }), s: numberToHex(7n, { size: 32 }), v: 27n });
    expect(screenRawTransaction(raw, CHAIN_ID)).toEqual({ type: 'legacy', hash: decodeRawTransactionHash(raw), chainId: null, gas: 21_000n });
  });

  test('error: with replayProtected, a pre-EIP-155 legacy transaction is refused with geth\'s message', async () => {
    const raw = serializeTransaction({ type: 'legacy', nonce: 1, to: RECIPIENT, gas: 21_000n, gasPrice: 1n }, { r: numberToHex(5n, { size: 32 }), s: numberToHex(7n, { size: 32 }), v: 27n });
    const error = refusal(() => screenRawTransaction(raw, CHAIN_ID, { replayProtected: true }));
    expect(error.reason).toBe('UNPROTECTED');
    expect(error.message).toMatch(/^only replay-protected \(EIP-155\) transactions allowed over RPC/);
  });

  test('with replayProtected, legacy EIP-155 and typed transactions still screen', async () => {
    for (const type of [0, 1, 2] as const) {
      expect(screenRawTransaction(await signed(type), CHAIN_ID, { replayProtected: true }).chainId).toBe(CHAIN_ID);
    }
  });

  test('a one-byte corruption of a signed transaction either screens or raises InvalidTransactionError', async () => {
    const raws = [await signed(0), await signed(1), await signed(2)];
    expectOnlyInvalidTransactionErrorsOnCorruption(raws, (raw) => screenRawTransaction(raw, CHAIN_ID), 500);
  });

  test('a 0x71 transaction is decoded in full, its sender checked, as the EVM never sees its signature', async () => {
    const raw = await signWithZksyncEthers({ data: '0x1234' });
    expect(screenRawTransaction(raw, CHAIN_ID)).toEqual(decodeRawTransaction(raw, CHAIN_ID));
    const signedByAnother = withField(await signWithZksyncEthers({}, OTHER_KEY), 11, signer as Hex);
    expect(refusal(() => screenRawTransaction(signedByAnother, CHAIN_ID)).message).toMatch(/not by its sender/);
  });

  test('error: screening refuses what decoding refuses before recovery: another chain, high s, r = 0, bad bytes, ranges', async () => {
    const raw = await signed(2);
    const { r, s, yParity } = parseTransaction(raw);
    const unsigned = { type: 'eip1559' as const, chainId: CHAIN_ID, nonce: 3, to: RECIPIENT as Hex, value: 1n, gas: 21_000n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n };
    const highS = serializeTransaction(unsigned, { r: r!, s: numberToHex(SECP256K1_ORDER - hexToBigInt(s!), { size: 32 }), yParity: 1 - yParity! });
    const zeroR = serializeTransaction(unsigned, { r: numberToHex(0n, { size: 32 }), s: numberToHex(1n, { size: 32 }), yParity: 0 });
    const cases: [Hex, InvalidTransactionReason][] = [
      [await signed(2, { chainId: 272 }), 'WRONG_CHAIN_ID'],
      [highS, 'INVALID_SIGNATURE'],
      [zeroR, 'INVALID_SIGNATURE'],
      ['0x02c0ffee', 'MALFORMED'],
      ['0x03c0', 'UNSUPPORTED_TYPE'],
      [await signed(2, { nonce: 2 ** 32 }), 'OUT_OF_RANGE'],
      [await signed(0, { gasPrice: 2n ** 64n }), 'OUT_OF_RANGE'],
      [withField(raw, 1, '0x0005'), 'MALFORMED'],
    ];
    for (const [bad, reason] of cases) {
      expect(refusal(() => screenRawTransaction(bad, CHAIN_ID)).reason).toBe(reason);
      expect(refusal(() => decodeRawTransaction(bad, CHAIN_ID)).reason).toBe(reason);
    }
  });
});
