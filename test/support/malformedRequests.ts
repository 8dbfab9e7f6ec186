/**
 * Generated malformed JSON-RPC requests for the robustness suite, each with the error class a
 * correct node answers it with. Generation is deterministic for a seed (fast-check's sampler), and
 * every case is built to be wrong in exactly one known way, so its expected code follows from its
 * category: bad JSON → -32700, broken envelope → -32600, unknown method → -32601, wrong param
 * types / wrong hex / huge numbers / huge arrays / deep nesting inside params → -32602, a raw
 * transaction the node must refuse → -32000, a batch over the entry limit → -32005. A few valid
 * requests ride along as controls (they must get a result). Raw transactions are signed by keys
 * that hold no funds, so even a mutation that happens to decode is refused rather than mined.
 */
import fc from 'fast-check';
import { bytesToHex, encodeFunctionData, hexToBytes, numberToHex, type Hex, type TransactionSerializable } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { L2_INTEROP_ROOT_STORAGE_ADDRESS, l2InteropRootStorageAbi } from '../../src/contracts/index.ts';

/** The error class a case must be answered with ('result' for the valid controls). */
export type Expectation = 'parse' | 'invalid request' | 'method not found' | 'invalid params' | 'invalid input' | 'limit' | 'result';

/** JSON-RPC error code of each expectation. */
export const EXPECTED_CODE: Readonly<Record<Exclude<Expectation, 'result'>, number>> = {
  parse: -32700,
  'invalid request': -32600,
  'method not found': -32601,
  'invalid params': -32602,
  'invalid input': -32000,
  limit: -32005,
};

/** Category names, as counted and printed. */
export const CATEGORIES = [
  'bad JSON',
  'broken envelope',
  'broken envelopes in a batch',
  'unknown method',
  'wrong param types',
  'wrong arity',
  'wrong hex',
  'huge numbers',
  'huge arrays',
  'deeply nested JSON',
  'bad raw transaction',
  'batch over the limit',
  'valid control',
] as const;
/** One of `CATEGORIES`. */
export type Category = (typeof CATEGORIES)[number];

/**
 * One generated case. A `call` is a request object without its id: the sender gives it a unique id
 * and may put it in a JSON-RPC batch (its answer carries that id back). A `body` is sent alone, as
 * is; its answer has id `answerId` (null when the id itself is what is broken), or is an array of
 * `answers` entries for a batch body.
 */
export type MalformedCase =
  | { category: Category; expect: Expectation; kind: 'call'; request: Record<string, unknown> }
  | { category: Category; expect: Expectation; kind: 'body'; body: string; answerId: string | number | null; answers?: number };

/** Keys whose accounts hold nothing on any chain (so nothing they sign can be mined). */
const UNFUNDED_KEYS: Hex[] = ['0x1111111111111111111111111111111111111111111111111111111111111111', '0x2222222222222222222222222222222222222222222222222222222222222222'];
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const UINT256 = 1n << 256n;

/** Every method a chain endpoint serves (names an "unknown method" must not hit). */
export const SERVED_METHODS: ReadonlySet<string> = new Set([
  'web3_clientVersion', 'web3_sha3', 'net_version', 'net_listening', 'net_peerCount', 'eth_chainId', 'eth_syncing', 'eth_mining', 'eth_hashrate',
  'eth_coinbase', 'eth_accounts', 'eth_blockNumber', 'eth_gasPrice', 'eth_maxPriorityFeePerGas', 'eth_blobBaseFee', 'eth_feeHistory', 'eth_getBalance',
  'eth_getCode', 'eth_getTransactionCount', 'eth_getStorageAt', 'eth_getProof', 'eth_call', 'eth_estimateGas', 'eth_sendRawTransaction',
  'eth_sendTransaction', 'eth_sign', 'personal_sign', 'eth_signTypedData_v4', 'eth_getTransactionByHash', 'eth_getTransactionReceipt',
  'eth_getBlockByNumber', 'eth_getBlockByHash', 'eth_getBlockTransactionCountByNumber', 'eth_getBlockTransactionCountByHash',
  'eth_getTransactionByBlockNumberAndIndex', 'eth_getTransactionByBlockHashAndIndex', 'eth_getUncleCountByBlockNumber', 'eth_getLogs', 'eth_newFilter',
  'eth_newBlockFilter', 'eth_newPendingTransactionFilter', 'eth_getFilterChanges', 'eth_getFilterLogs', 'eth_uninstallFilter', 'eth_subscribe',
  'eth_unsubscribe', 'zks_getL2ToL1LogProof', 'zks_getTransactionDetails', 'zks_getL1BatchDetails', 'zks_L1BatchNumber', 'zks_getL1BatchBlockRange',
  'zks_getBlockDetails', 'zks_L1ChainId', 'zks_getBridgehubContract', 'zks_getMainContract', 'zks_getBaseTokenL1Address', 'zks_getTestnetPaymaster',
  'zks_gasPerPubdata', 'zks_estimateFee', 'zks_getFeeParams', 'zks_getBridgeContracts', 'zks_getAllAccountBalances', 'zks_getConfirmedTokens',
  'zks_getProtocolVersion', 'zks_getRawBlockTransactions', 'zks_getBytecodeByHash', 'zks_getProof', 'zkinterop_sealBatch', 'zkinterop_commitBatch', 'zkinterop_proveBatch',
  'zkinterop_executeBatch', 'zkinterop_importInteropRoots', 'zkinterop_getMessageLifecycle', 'zkinterop_listMessages', 'zkinterop_getImportedRoot',
  'zkinterop_networkConfig', 'zkinterop_setStageDelays', 'zkinterop_addChain', 'zkinterop_snapshot', 'zkinterop_revert', 'zkinterop_getBatchInclusion',
  'evm_snapshot', 'evm_revert', 'evm_mine', 'evm_increaseTime', 'evm_setNextBlockTimestamp', 'hardhat_mine', 'anvil_mine', 'hardhat_metadata',
  'debug_traceTransaction', 'debug_traceCall',
  ...['setBalance', 'setCode', 'setNonce', 'setStorageAt', 'impersonateAccount', 'stopImpersonatingAccount'].flatMap((m) => [`hardhat_${m}`, `anvil_${m}`]),
]);

// ---------------------------------------------------------------- invalid values by param type

/** The param types of the methods under test. */
type ParamType =
  | 'address' | 'hash' | 'data' | 'quantity' | 'block' | 'blockTag' | 'bool' | 'call' | 'filter' | 'proofMode' | 'number' | 'whole'
  | 'stateOverrides' | 'percentiles' | 'dataArray' | 'listFilter' | 'delays' | 'snapshotId';

type Param = { type: ParamType; valid: unknown; optional?: boolean };
type MethodSpec = { method: string; params: Param[] };

const ADDRESS: Hex = '0x36615cf349d7f6344891b1e7ca7c72883f5dc049';
const HASH: Hex = `0x${'ab'.repeat(32)}`;

/** The methods whose every param is fuzzed (valid examples are only ever sent with one param broken). */
const METHODS: MethodSpec[] = [
  ...['eth_getBalance', 'eth_getCode', 'eth_getTransactionCount'].map((method) => ({ method, params: [p('address', ADDRESS), p('block', 'latest', true)] })),
  { method: 'eth_getStorageAt', params: [p('address', ADDRESS), p('quantity', '0x0'), p('block', 'latest', true)] },
  { method: 'eth_getProof', params: [p('address', ADDRESS), p('dataArray', []), p('block', 'latest', true)] },
  { method: 'eth_call', params: [p('call', { to: ADDRESS }), p('block', 'latest', true), p('stateOverrides', {}, true)] },
  { method: 'eth_estimateGas', params: [p('call', { to: ADDRESS }), p('block', 'latest', true)] },
  { method: 'eth_sendTransaction', params: [p('call', { from: ADDRESS, to: ADDRESS })] },
  { method: 'eth_getLogs', params: [p('filter', {})] },
  { method: 'eth_newFilter', params: [p('filter', {})] },
  { method: 'eth_sendRawTransaction', params: [p('data', '0x')] },
  { method: 'eth_getTransactionByHash', params: [p('hash', HASH)] },
  { method: 'eth_getTransactionReceipt', params: [p('hash', HASH)] },
  { method: 'eth_getBlockByNumber', params: [p('blockTag', 'latest'), p('bool', false, true)] },
  { method: 'eth_getBlockByHash', params: [p('hash', HASH), p('bool', false, true)] },
  { method: 'eth_getTransactionByBlockNumberAndIndex', params: [p('blockTag', 'latest'), p('quantity', '0x0')] },
  { method: 'eth_feeHistory', params: [p('quantity', '0x1'), p('blockTag', 'latest'), p('percentiles', [], true)] },
  { method: 'eth_getFilterChanges', params: [p('quantity', '0x1')] },
  { method: 'web3_sha3', params: [p('data', '0x')] },
  { method: 'eth_sign', params: [p('address', ADDRESS), p('data', '0x00')] },
  { method: 'personal_sign', params: [p('data', '0x00'), p('address', ADDRESS)] },
  { method: 'zks_getL2ToL1LogProof', params: [p('hash', HASH), p('number', 0, true), p('proofMode', 'proof_based_gw', true)] },
  { method: 'zks_getL1BatchDetails', params: [p('number', 1)] },
  { method: 'zks_getL1BatchBlockRange', params: [p('number', 1)] },
  { method: 'zks_getBlockDetails', params: [p('number', 1)] },
  { method: 'zks_getTransactionDetails', params: [p('hash', HASH)] },
  { method: 'zks_estimateFee', params: [p('call', { to: ADDRESS })] },
  { method: 'zkinterop_getMessageLifecycle', params: [p('hash', HASH), p('whole', 0, true)] },
  { method: 'zkinterop_listMessages', params: [p('listFilter', {}, true)] },
  { method: 'zkinterop_getImportedRoot', params: [p('whole', 506), p('whole', 1)] },
  { method: 'zkinterop_setStageDelays', params: [p('delays', {})] },
  { method: 'zkinterop_revert', params: [p('snapshotId', '0x1')] },
];

function p(type: ParamType, valid: unknown, optional = false): Param {
  return { type, valid, optional };
}

const hexDigits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), minLength: min, maxLength: max });
/** A char that is not a hex digit (ASCII or not). */
const nonHexChar = fc.oneof(fc.constantFrom(...'ghijklmnopqrstuvwxyzGXZ _-+.:/\\"\'{}[]\n\t\u0000'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((c) => !/^[0-9a-fA-F]$/.test(c)));

/** Hex with one char replaced by a non-hex one. */
const withNonHexChar = (digits: number) =>
  fc.tuple(hexDigits(digits, digits), fc.nat(), nonHexChar).map(([hex, at, bad]) => `0x${hex.slice(0, at % digits)}${bad}${hex.slice((at % digits) + 1)}`);

/** Hex strings broken in the ways clients break them, for a value of `bytes` bytes (undefined: any length). */
function wrongHex(bytes: number | undefined): fc.Arbitrary<string> {
  const digits = bytes === undefined ? 8 : bytes * 2;
  const options: fc.Arbitrary<string>[] = [
    withNonHexChar(Math.max(digits, 2)),
    hexDigits(digits, digits).map((hex) => hex), // missing 0x
    hexDigits(digits, digits).map((hex) => `x${hex}`),
    hexDigits(digits, digits).map((hex) => `0x ${hex}`),
    hexDigits(digits, digits).map((hex) => `#${hex}`),
    hexDigits(1, 20).map((hex) => `0x${hex.length % 2 === 0 ? `${hex}0` : hex}`), // odd length
  ];
  if (bytes !== undefined) {
    options.push(
      fc.integer({ min: 0, max: 2 * digits + 4 }).filter((n) => n !== digits).chain((n) => hexDigits(n, n)).map((hex) => `0x${hex}`), // wrong length
    );
  }
  return fc.oneof(...options).filter((s) => bytes !== undefined || !/^0[xX](?:[0-9a-fA-F]{2})*$/.test(s));
}

/** Hex quantities broken as quantities: empty, no prefix, bad digits, signs, spaces. */
const wrongQuantityHex = fc.oneof(
  fc.constant('0x'),
  fc.constant('0X'),
  hexDigits(1, 16).map((hex) => hex),
  hexDigits(1, 16).map((hex) => `-0x${hex}`),
  hexDigits(1, 16).map((hex) => ` 0x${hex}`),
  hexDigits(1, 16).map((hex) => `0x${hex} `),
  withNonHexChar(6),
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
);

/** A hex quantity of 2^256 or more. */
const overUint256Hex = fc.bigInt({ min: UINT256, max: UINT256 ** 2n }).map((n) => `0x${n.toString(16)}`);

/** Values of the wrong JSON type for a string-typed param (null only where the param is required). */
const nonStringValue = (required: boolean) =>
  fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant({}),
    fc.constant([]),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    ...(required ? [fc.constant(null)] : []),
  );

/** Any JSON value other than a plain object (null only where required). */
const nonObjectValue = (required: boolean) =>
  fc.oneof(fc.integer(), fc.boolean(), fc.string({ maxLength: 12 }), fc.array(fc.integer(), { maxLength: 3 }), ...(required ? [fc.constant(null)] : []));

const BLOCK_TAGS = ['latest', 'earliest', 'pending', 'safe', 'finalized'];
/** Strings that are neither a block tag nor a hex quantity. */
const wrongBlockString = fc.oneof(
  fc.constantFrom('Latest', 'LATEST', 'latest ', ' latest', 'pending1', 'finalised', 'head', '', 'null', 'undefined', '0x', '-1', '1'),
  fc.string({ maxLength: 12 }).filter((s) => !BLOCK_TAGS.includes(s) && !/^0[xX][0-9a-fA-F]+$/.test(s)),
  overUint256Hex,
);

const badAddress = fc.oneof(wrongHex(20), nonStringValue(true));
const badHash = fc.oneof(wrongHex(32), nonStringValue(true));
const badData = fc.oneof(wrongHex(undefined), nonStringValue(true));
const badQuantity = fc.oneof(wrongQuantityHex, overUint256Hex, nonStringValue(true));
/** A JSON number, or a string, that is not a whole number in 0..2^53-1 nor a hex quantity below 2^53. */
const badNumberOrQuantity = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
  fc.constantFrom(2 ** 53, 1e20, 1e300),
  fc.constantFrom('12', '0x', '0x20000000000000', `0x${'f'.repeat(20)}`, '', 'one'),
  wrongQuantityHex,
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
);
const badWhole = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Number.isInteger(x)),
  fc.constantFrom('0', '0x1', '1', ''),
  fc.boolean(),
  fc.constant({}),
  fc.constant([]),
);

/** Call objects with exactly one field wrong. */
const badCallObject = fc.oneof(
  badAddress.filter((v) => v !== null).map((to) => ({ to })),
  badAddress.map((from) => ({ from, to: ADDRESS })),
  badData.filter((v) => v !== null).map((data) => ({ to: ADDRESS, data })),
  badData.filter((v) => v !== null).map((input) => ({ to: ADDRESS, input })),
  badQuantity.filter((v) => v !== null).map((value) => ({ to: ADDRESS, value })),
  badQuantity.filter((v) => v !== null).map((gas) => ({ to: ADDRESS, gas })),
  badQuantity.filter((v) => v !== null).map((maxFeePerGas) => ({ to: ADDRESS, maxFeePerGas })),
  badQuantity.filter((v) => v !== null).map((nonce) => ({ to: ADDRESS, nonce })),
  fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant([{ address: 'nope', storageKeys: [] }]), fc.constant([{ address: ADDRESS, storageKeys: ['0x1'] }])).map((accessList) => ({ to: ADDRESS, accessList })),
  fc.oneof(fc.integer(), fc.boolean(), fc.constant({})).map((type) => ({ to: ADDRESS, type })),
);

/** Filters with exactly one field wrong (or an unknown field: the filter object is strict). */
const badFilter = fc.oneof(
  wrongBlockString.map((fromBlock) => ({ fromBlock })),
  fc.oneof(wrongBlockString, fc.integer(), fc.constant({ blockNumber: '0x1' })).map((toBlock) => ({ toBlock })),
  fc.oneof(wrongHex(32), fc.integer()).map((blockHash) => ({ blockHash })),
  badAddress.filter((v) => v !== null && !Array.isArray(v)).map((address) => ({ address })),
  badAddress.filter((v) => v !== null).map((address) => ({ address: [ADDRESS, address] })),
  fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant({})).map((topics) => ({ topics })),
  wrongHex(undefined).map((topic) => ({ topics: [topic] })),
  wrongHex(undefined).map((topic) => ({ topics: [null, [HASH, topic]] })),
  fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !['fromBlock', 'toBlock', 'blockHash', 'address', 'topics', '__proto__'].includes(k)).map((key) => ({ [key]: 1 })),
);

const badStateOverrides = fc.oneof(
  nonObjectValue(false).filter((v) => !Array.isArray(v) || v.length > 0),
  wrongHex(20).map((key) => ({ [key]: {} })),
  badQuantity.filter((v) => v !== null).map((balance) => ({ [ADDRESS]: { balance } })),
  badData.filter((v) => v !== null).map((code) => ({ [ADDRESS]: { code } })),
  wrongHex(32).map((slot) => ({ [ADDRESS]: { stateDiff: { [slot]: HASH } } })),
  wrongHex(32).map((value) => ({ [ADDRESS]: { state: { [HASH]: value } } })),
  fc.constantFrom({ [ADDRESS]: { foo: 1 } }, { [ADDRESS]: 'x' }, { [ADDRESS]: [] }),
);

const badListFilter = fc.oneof(
  fc.constantFrom({ stage: 'bogus' }, { stage: 5 }, { limit: 10_001 }, { limit: -1 }, { offset: 1.5 }, { offset: '0' }, { foo: 1 }),
  nonObjectValue(false).filter((v) => !Array.isArray(v) || v.length > 0),
);
const badDelays = fc.oneof(
  fc.constantFrom({ batchTimeMs: -1 }, { commitMs: 'x' }, { watcherPollMs: 0 }, { proveMs: 3_600_001 }, { executeMs: null }, { foo: 1 }),
  nonObjectValue(true),
);

/** A value of the wrong type or shape for `type` (never a hex-format mistake: those are 'wrong hex'). */
function wrongType(param: Param): fc.Arbitrary<unknown> {
  const required = !param.optional;
  switch (param.type) {
    case 'address':
    case 'hash':
    case 'data':
    case 'quantity':
      return nonStringValue(required);
    case 'block':
      return fc.oneof(nonStringValue(required).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), wrongBlockString, fc.constantFrom({}, { blockHash: '0x12' }, { blockNumber: '0x' }, { blockHash: HASH, blockNumber: '0x1' }, { blockNumber: '0x1', requireCanonical: true }, { foo: 1 }, { blockHash: HASH, requireCanonical: 'yes' }));
    case 'blockTag':
      return fc.oneof(nonStringValue(required), wrongBlockString, fc.constant({ blockNumber: '0x1' }));
    case 'bool':
      return fc.oneof(fc.constantFrom('true', 'false', 1, 0, '', {}, []), fc.integer());
    case 'call':
      return fc.oneof(nonObjectValue(required), badCallObject);
    case 'filter':
      return fc.oneof(nonObjectValue(required), badFilter);
    case 'proofMode':
      return fc.oneof(fc.integer(), fc.boolean(), fc.constant({}), fc.string({ maxLength: 16 }).filter((s) => !['proof_based_gw', 'messageRoot', 'gw_message_root', 'l1BatchRoot'].includes(s)));
    case 'number':
      return badNumberOrQuantity;
    case 'whole':
      return badWhole;
    case 'stateOverrides':
      return badStateOverrides;
    case 'percentiles':
      return fc.oneof(fc.string({ maxLength: 4 }), fc.constant({}), fc.constant([true]), fc.constant(['1']), fc.constant([[1]]));
    case 'dataArray':
      return fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant({}), badData.map((d) => [d]));
    case 'listFilter':
      return badListFilter;
    case 'delays':
      return badDelays;
    case 'snapshotId':
      return nonStringValue(true);
  }
}

/** A malformed hex string for a hex-typed param, or undefined if the param is not hex-typed. */
function wrongHexFor(param: Param): fc.Arbitrary<unknown> | undefined {
  switch (param.type) {
    case 'address':
      return wrongHex(20);
    case 'hash':
      return wrongHex(32);
    case 'data':
      return wrongHex(undefined);
    case 'quantity':
      return wrongQuantityHex;
    case 'block':
    case 'blockTag':
      return wrongQuantityHex.filter((s) => !BLOCK_TAGS.includes(s));
    case 'call':
      return fc.oneof(wrongHex(20).map((to) => ({ to })), wrongHex(undefined).map((data) => ({ to: ADDRESS, data })), wrongQuantityHex.map((value) => ({ to: ADDRESS, value })));
    case 'filter':
      return fc.oneof(wrongHex(20).map((address) => ({ address })), wrongHex(32).map((blockHash) => ({ blockHash })), wrongHex(undefined).map((t) => ({ topics: [t] })));
    default:
      return undefined;
  }
}

/** A number too large for `param`: past 2^256 (hex or JSON literal), or past the EVM's own widths. */
function hugeNumberFor(param: Param): fc.Arbitrary<unknown> | undefined {
  switch (param.type) {
    case 'quantity':
      return overUint256Hex;
    case 'block':
    case 'blockTag':
      // Past 2^64 the EVM cannot even read it as a block number (and past 2^256 the schema cannot).
      return fc.oneof(overUint256Hex, fc.bigInt({ min: 1n << 64n, max: UINT256 - 1n }).map((n) => numberToHex(n)));
    case 'call':
      return fc.oneof(
        fc.bigInt({ min: 1n << 255n, max: UINT256 - 1n }).map((value) => ({ from: ADDRESS, to: ADDRESS, value: numberToHex(value) })),
        fc.bigInt({ min: 1n << 64n, max: UINT256 - 1n }).map((gas) => ({ to: ADDRESS, gas: numberToHex(gas) })),
        fc.bigInt({ min: 1n << 64n, max: UINT256 - 1n }).map((gasPrice) => ({ from: ADDRESS, to: ADDRESS, gasPrice: numberToHex(gasPrice) })),
        fc.bigInt({ min: 1n << 64n, max: UINT256 - 1n }).map((fee) => ({ to: ADDRESS, maxFeePerGas: numberToHex(fee), maxPriorityFeePerGas: numberToHex(fee) })),
        fc.bigInt({ min: 1n << 64n, max: UINT256 - 1n }).map((nonce) => ({ to: ADDRESS, nonce: numberToHex(nonce) })),
        overUint256Hex.map((value) => ({ to: ADDRESS, value })),
      );
    case 'number':
    case 'whole':
      return fc.oneof(fc.constantFrom(2 ** 53, 2 ** 64, 1e300), overUint256Hex);
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------- categories

const methodArb = fc.constantFrom(...METHODS);

/** Replaces param `index` of the method's valid params (later optional params dropped if absent). */
function withParam(spec: MethodSpec, index: number, value: unknown): Record<string, unknown> {
  const params = spec.params.slice(0, index + 1).map((param, i) => (i === index ? value : param.valid));
  return { jsonrpc: '2.0', method: spec.method, params };
}

/** One param of one method replaced by a value produced by `make` for that param, where it has one. */
function oneParamBroken(make: (param: Param) => fc.Arbitrary<unknown> | undefined): fc.Arbitrary<Record<string, unknown>> {
  const targets = METHODS.flatMap((spec) => spec.params.map((param, index) => ({ spec, index, arb: make(param) }))).filter((t) => t.arb !== undefined);
  return fc.constantFrom(...targets).chain(({ spec, index, arb }) => arb!.map((value) => withParam(spec, index, value)));
}

function call(category: Category, expect: Expectation, request: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<MalformedCase> {
  return request.map((req) => ({ category, expect, kind: 'call' as const, request: req }));
}

function body(category: Category, expect: Expectation, text: fc.Arbitrary<string>, answerId: string | number | null = null): fc.Arbitrary<MalformedCase> {
  return text.map((b) => ({ category, expect, kind: 'body' as const, body: b, answerId }));
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const validRequestText = fc.tuple(methodArb, fc.nat()).map(([spec, id]) => JSON.stringify({ jsonrpc: '2.0', id, method: spec.method, params: spec.params.map((x) => x.valid) }));

/** Text that is not JSON: truncated requests, syntax slips, garbage, bytes. */
const badJson = fc
  .oneof(
    validRequestText.chain((text) => fc.integer({ min: 0, max: text.length - 1 }).map((cut) => text.slice(0, cut))),
    validRequestText.map((text) => text.replace(/"/g, "'")),
    validRequestText.map((text) => text.replace(/}$/, ',}')),
    validRequestText.map((text) => text.replace('"jsonrpc"', 'jsonrpc')),
    validRequestText.map((text) => text.replace(/\[/, '[undefined,')),
    validRequestText.map((text) => text.replace(/\[/, '[NaN,')),
    validRequestText.map((text) => `${text}${text}`),
    validRequestText.map((text) => `// comment\n${text}`),
    validRequestText.chain((text) => fc.nat().map((at) => text.slice(0, at % text.length) + '\u0000' + text.slice(at % text.length))),
    fc.string({ maxLength: 64 }),
    fc.string({ unit: 'binary', maxLength: 64 }),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
    fc.constantFrom('', ' ', '\n', '{', '}', '[', ']', '[}', '{]', 'nul', 'tru', '"', '{"a":}', '0x', '01', '.5', '+1', '--1', '1e', "'x'", '[,]', '{,}'),
  )
  .filter((text) => !isJson(text));

/** A request object whose envelope is wrong but whose id is fine (answered with that id). */
const brokenEnvelopeWithId = fc.oneof(
  fc.oneof(fc.constantFrom('1.0', '2', '2.0 ', 'v2', '', null, 2, 2.0, true), fc.string({ maxLength: 4 }).filter((v) => v !== '2.0')).map((jsonrpc) => ({ jsonrpc, method: 'eth_chainId', params: [] })),
  fc.constant({ method: 'eth_chainId', params: [] }),
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant(['eth_chainId'])).map((method) => ({ jsonrpc: '2.0', method, params: [] })),
  fc.constant({ jsonrpc: '2.0', params: [] }),
  fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()).map((params) => ({ jsonrpc: '2.0', method: 'eth_getBalance', params })),
);

/** Payloads that are not request objects at all, or whose id is of the wrong type (answered with id null). */
const brokenEnvelopeNoId = fc.oneof(
  fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 12 })).map((v) => JSON.stringify(v)),
  fc.oneof(fc.boolean(), fc.constant({}), fc.constant([]), fc.constant([1]), fc.constant({ id: 1 })).map((id) => JSON.stringify({ jsonrpc: '2.0', id, method: 'eth_chainId', params: [] })),
);

/** A batch of `n` broken entries: every entry answered with -32600. */
const brokenBatch = fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null), fc.constant([]), brokenEnvelopeWithId.map((r) => ({ ...r, id: null }))), { minLength: 1, maxLength: 40 });

/** Method names nothing serves: random, near misses of real ones, prototype names. */
const unknownMethod = fc
  .oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'rpc.discover', 'rpc_modules', 'eth_', '_', 'admin_nodeInfo', 'debug_traceBlockByNumber', 'hardhat_reset', 'anvil_reset', 'evm_setAutomine', 'eth_subscription'),
    fc.constantFrom(...SERVED_METHODS).chain((name) =>
      fc.constantFrom(name.toUpperCase(), name.toLowerCase(), ` ${name}`, `${name} `, `${name}_`, `${name}\u0000`, name.replace('_', '.'), name.replace('_', ''), name.slice(0, -1), `x${name}`),
    ),
    fc.integer({ min: 1_000, max: 20_000 }).map((n) => 'm'.repeat(n)),
  )
  .filter((name) => !SERVED_METHODS.has(name));

/** Arity slips: a required param missing, one param too many, params as an object, null params. */
const wrongArity = methodArb.chain((spec) => {
  const valid = spec.params.map((x) => x.valid);
  const required = spec.params.filter((x) => !x.optional).length;
  const options: fc.Arbitrary<unknown>[] = [
    fc.jsonValue({ maxDepth: 2 }).map((extra) => [...valid, extra]),
    fc.constant(Object.fromEntries(valid.map((v, i) => [String(i), v]))),
  ];
  if (required > 0) options.push(fc.integer({ min: 0, max: required - 1 }).map((n) => valid.slice(0, n)), fc.constant(null));
  return fc.oneof(...options).map((params) => ({ jsonrpc: '2.0', method: spec.method, params }));
});

/** Arrays far bigger than anything a method takes. */
const hugeArray = fc.oneof(
  fc.integer({ min: 5_000, max: 50_000 }).map((n) => ({ jsonrpc: '2.0', method: 'eth_getBalance', params: [ADDRESS, 'latest', ...Array.from({ length: n }, () => 0)] })),
  fc.integer({ min: 5_000, max: 50_000 }).map((n) => ({ jsonrpc: '2.0', method: 'eth_getLogs', params: [{ address: [...Array.from({ length: n }, () => ADDRESS), '0x12'] }] })),
  fc.integer({ min: 5_000, max: 50_000 }).map((n) => ({ jsonrpc: '2.0', method: 'eth_getLogs', params: [{ topics: [Array.from({ length: n }, (_, i) => (i === n - 1 ? '0xz' : HASH))] }] })),
  fc.integer({ min: 5_000, max: 50_000 }).map((n) => ({ jsonrpc: '2.0', method: 'eth_getProof', params: [ADDRESS, [...Array.from({ length: n }, () => HASH), 12], 'latest'] })),
  fc.integer({ min: 5_000, max: 50_000 }).map((n) => ({ jsonrpc: '2.0', method: 'eth_feeHistory', params: ['0x1', 'latest', [...Array.from({ length: n }, () => 50), 'x']] })),
  fc.integer({ min: 5_000, max: 50_000 }).map((n) => ({ jsonrpc: '2.0', method: 'zks_getL1BatchDetails', params: [Array.from({ length: n }, (_, i) => i)] })),
);

/** `depth` nested arrays around `inner` (as text: JSON.stringify of such a value is recursive). */
const nested = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepDepth = fc.integer({ min: 1_000, max: 100_000 });

/** Deeply nested JSON as the whole payload, the id or the method (→ -32600). */
const deepEnvelope = fc.oneof(
  deepDepth.map((d) => ({ text: nestedObject(d), answers: undefined as number | undefined })),
  deepDepth.map((d) => ({ text: `{"jsonrpc":"2.0","id":${nested(d)},"method":"eth_chainId"}`, answers: undefined as number | undefined })),
  deepDepth.map((d) => ({ text: `{"jsonrpc":"2.0","id":null,"method":${nestedObject(d)}}`, answers: undefined as number | undefined })),
  deepDepth.map((d) => ({ text: `[${nested(d)}]`, answers: 1 as number | undefined })),
);

/** Deeply nested JSON inside params, including where a method takes free-form JSON (→ -32602). */
const deepParams = fc.tuple(deepDepth, fc.nat()).map(([d, id]) => {
  const texts = [
    `{"jsonrpc":"2.0","id":${id},"method":"eth_getBalance","params":${nested(d)}}`,
    `{"jsonrpc":"2.0","id":${id},"method":"eth_getBalance","params":[${nested(d)},"latest"]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"eth_call","params":[{"to":"${ADDRESS}","extra":${nested(d)}},"latest"]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"eth_call","params":[{"to":"${ADDRESS}"},"latest",{"${ADDRESS}":${nestedObject(d)}}]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"eth_signTypedData_v4","params":["${ADDRESS}",{"message":${nestedObject(d)}}]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"eth_sign","params":[${nested(d)},"0x00"]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"zks_estimateFee","params":[{"to":"${ADDRESS}","customData":1,"paymasterParams":${nestedObject(d)}}]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"eth_getLogs","params":[{"topics":${nested(d, `"${HASH}"`)}}]}`,
  ];
  return { text: texts[id % texts.length]!, id };
});

/** JSON number literals past 2^256 where numbers or quantities go (text: JS cannot write them). */
const hugeNumberLiteral = fc.tuple(fc.bigInt({ min: UINT256, max: UINT256 ** 3n }), fc.nat(), fc.boolean()).map(([n, id, negative]) => {
  const literal = `${negative ? '-' : ''}${n}`;
  const texts = [
    `{"jsonrpc":"2.0","id":${id},"method":"zks_getL1BatchDetails","params":[${literal}]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"zks_getL2ToL1LogProof","params":["${HASH}",${literal}]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"eth_getBalance","params":["${ADDRESS}",${literal}]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"eth_call","params":[{"to":"${ADDRESS}","value":${literal}}]}`,
    `{"jsonrpc":"2.0","id":${id},"method":"zkinterop_getImportedRoot","params":[${literal},1]}`,
  ];
  return { text: texts[id % texts.length]!, id };
});

/** Valid requests with no side effects: their answers must be results. */
const validControl = fc.oneof(
  fc.constantFrom(
    { jsonrpc: '2.0', method: 'eth_blockNumber', params: [] },
    { jsonrpc: '2.0', method: 'eth_chainId' },
    { jsonrpc: '2.0', method: 'net_version', params: null },
    { jsonrpc: '2.0', method: 'zks_L1BatchNumber', params: [] },
    { jsonrpc: '2.0', method: 'eth_getBlockByNumber', params: ['latest', false] },
    { jsonrpc: '2.0', method: 'eth_getLogs', params: [{ fromBlock: 'latest' }] },
    { jsonrpc: '2.0', method: 'zks_getL1BatchDetails', params: [0] },
  ),
  fc.constantFrom(...BLOCK_TAGS, '0x0', '0x00').map((block) => ({ jsonrpc: '2.0', method: 'eth_getBalance', params: [ADDRESS.toUpperCase().replace('0X', '0x'), block] })),
  hexDigits(64, 64).map((hash) => ({ jsonrpc: '2.0', method: 'zks_getL2ToL1LogProof', params: [`0x${hash}`, 0, 'proof_based_gw'] })),
  fc.tuple(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 1_000 })).map(([chainId, block]) => ({
    jsonrpc: '2.0',
    method: 'eth_call',
    params: [{ to: L2_INTEROP_ROOT_STORAGE_ADDRESS, data: encodeFunctionData({ abi: l2InteropRootStorageAbi, functionName: 'interopRoots', args: [BigInt(chainId), BigInt(block)] }) }, 'latest'],
  })),
);

// ---------------------------------------------------------------- raw transactions

/** Signed transactions (from unfunded keys) to break; made once per run. */
export type RawTemplates = { valid: Hex[]; otherChain: Hex; zksync: Hex[]; chainId: number };

/**
 * Signs the templates the bad-transaction generator mutates: legacy, EIP-2930 and EIP-1559
 * transfers for `chainId` with many bits set in value and fees, one for another chain.
 */
export async function signRawTemplates(chainId: number): Promise<RawTemplates> {
  const base = { to: ADDRESS, value: 0x5555_5555_5555n, gas: 21_000n, nonce: 0 } as const;
  const txs: TransactionSerializable[] = [
    { ...base, chainId, type: 'legacy', gasPrice: 0x7777_7777_7777n },
    { ...base, chainId, type: 'eip2930', gasPrice: 0x7777_7777_7777n, accessList: [{ address: ADDRESS, storageKeys: [HASH] }] },
    { ...base, chainId, type: 'eip1559', maxFeePerGas: 0x7777_7777_7777n, maxPriorityFeePerGas: 0x3333n, data: '0xdeadbeef' },
    { ...base, chainId, type: 'eip1559', maxFeePerGas: 0x7777_7777_7777n, maxPriorityFeePerGas: 0x3333n, gas: 20_999n },
  ];
  const valid: Hex[] = [];
  for (const key of UNFUNDED_KEYS) for (const tx of txs) valid.push(await privateKeyToAccount(key).signTransaction(tx));
  const otherChain = await privateKeyToAccount(UNFUNDED_KEYS[0]!).signTransaction({ ...txs[2]!, chainId: chainId + 1 } as TransactionSerializable);
  // A 0x71-shaped payload: type byte then an RLP list of 16 short fields, signed by nobody.
  const zksync: Hex[] = [`0x71${'f8'}${(16 * 2).toString(16)}${'8180'.repeat(16)}` as Hex, '0x71c0', '0x71c100'];
  return { valid, otherChain, zksync, chainId };
}

/** Raw transactions a node must refuse with -32000, and the eth_sendRawTransaction request for each. */
function badRawTransaction(t: RawTemplates): fc.Arbitrary<Record<string, unknown>> {
  const template = fc.constantFrom(...t.valid);
  const raw = fc.oneof(
    // truncated: cut anywhere but at the very end
    template.chain((tx) => fc.integer({ min: 1, max: (tx.length - 2) / 2 - 1 }).map((bytes) => tx.slice(0, 2 + bytes * 2) as Hex)),
    // one bit flipped anywhere: a broken encoding, or a transaction from a stranger with no funds
    template.chain((tx) => fc.nat({ max: ((tx.length - 2) / 2) * 8 - 1 }).map((bit) => flipBit(tx, bit))),
    // bytes appended
    fc.tuple(template, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([tx, extra]) => `${tx}${bytesToHex(extra).slice(2)}` as Hex),
    // signatures: r = 0, s = 0, s ≥ n, high s, v out of range
    template.chain((tx) => fc.constantFrom<'r0' | 's0' | 'sN' | 'highS'>('r0', 's0', 'sN', 'highS').map((how) => breakSignature(tx, how))),
    fc.constant(t.otherChain),
    // unsupported and unknown type bytes
    fc.tuple(fc.oneof(fc.integer({ min: 0x03, max: 0x70 }), fc.integer({ min: 0x72, max: 0x7f })), template).map(([type, tx]) => `0x${type.toString(16).padStart(2, '0')}${tx.slice(4)}` as Hex),
    fc.constantFrom(...t.zksync),
    fc.uint8Array({ minLength: 1, maxLength: 300 }).filter((b) => b[0] !== 0x71).map((bytes) => bytesToHex(bytes)),
    fc.constant('0x' as Hex),
  );
  return raw.map((r) => ({ jsonrpc: '2.0', method: 'eth_sendRawTransaction', params: [r] }));
}

function flipBit(hex: Hex, bit: number): Hex {
  const bytes = hexToBytes(hex);
  bytes[bit >> 3]! ^= 1 << (bit & 7);
  return bytesToHex(bytes);
}

/** Re-signs nothing: rewrites the last two RLP items (r, s) in place where they are 32 bytes long. */
function breakSignature(raw: Hex, how: 'r0' | 's0' | 'sN' | 'highS'): Hex {
  // r and s are the last two items: 0xa0 ‖ 32 bytes each (values with a leading zero byte are shorter: then break the tail instead).
  const tail = raw.slice(-(2 * 33 * 2));
  if (!tail.startsWith('a0') || tail.slice(66, 68) !== 'a0') return flipBit(raw, ((raw.length - 2) / 2) * 8 - 1);
  const r = BigInt(`0x${tail.slice(2, 66)}`);
  const s = BigInt(`0x${tail.slice(68)}`);
  const word = (n: bigint) => n.toString(16).padStart(64, '0');
  const [nr, ns] = how === 'r0' ? [0n, s] : how === 's0' ? [r, 0n] : how === 'sN' ? [r, SECP256K1_N + (s % 1000n)] : [r, SECP256K1_N - s];
  if (nr === 0n || ns === 0n) {
    // A zero is encoded as the empty string (0x80), which shortens the list: leave the length wrong on purpose.
    return `${raw.slice(0, -(2 * 33 * 2))}${nr === 0n ? '80' : `a0${word(nr)}`}${ns === 0n ? '80' : `a0${word(ns)}`}` as Hex;
  }
  return `${raw.slice(0, -(2 * 33 * 2))}a0${word(nr)}a0${word(ns)}` as Hex;
}

// ---------------------------------------------------------------- the whole mix

/** How many cases of each category a run of 10,000 holds (scaled for other totals). */
const WEIGHTS: Readonly<Record<Category, number>> = {
  'bad JSON': 1100,
  'broken envelope': 1000,
  'broken envelopes in a batch': 150,
  'unknown method': 900,
  'wrong param types': 2300,
  'wrong arity': 700,
  'wrong hex': 1300,
  'huge numbers': 650,
  'huge arrays': 60,
  'deeply nested JSON': 120,
  'bad raw transaction': 900,
  'batch over the limit': 20,
  'valid control': 800,
};

function arbitraryOf(category: Category, raw: RawTemplates): fc.Arbitrary<MalformedCase> {
  switch (category) {
    case 'bad JSON':
      return body(category, 'parse', badJson);
    case 'broken envelope':
      return fc.oneof(
        call(category, 'invalid request', brokenEnvelopeWithId),
        body(category, 'invalid request', brokenEnvelopeNoId),
      );
    case 'broken envelopes in a batch':
      return brokenBatch.map((entries) => ({ category, expect: 'invalid request' as const, kind: 'body' as const, body: JSON.stringify(entries), answerId: null, answers: entries.length }));
    case 'unknown method':
      return call(category, 'method not found', unknownMethod.map((method) => ({ jsonrpc: '2.0', method, params: [] })));
    case 'wrong param types':
      return call(category, 'invalid params', oneParamBroken(wrongType));
    case 'wrong arity':
      return call(category, 'invalid params', wrongArity);
    case 'wrong hex':
      return call(category, 'invalid params', oneParamBroken(wrongHexFor));
    case 'huge numbers':
      return fc.oneof(
        call(category, 'invalid params', oneParamBroken(hugeNumberFor)),
        hugeNumberLiteral.map(({ text, id }) => ({ category, expect: 'invalid params' as const, kind: 'body' as const, body: text, answerId: id })),
      );
    case 'huge arrays':
      return call(category, 'invalid params', hugeArray);
    case 'deeply nested JSON':
      return fc.oneof(
        deepEnvelope.map(({ text, answers }) => ({ category, expect: 'invalid request' as const, kind: 'body' as const, body: text, answerId: null, answers })),
        deepParams.map(({ text, id }) => ({ category, expect: 'invalid params' as const, kind: 'body' as const, body: text, answerId: id })),
      );
    case 'bad raw transaction':
      return call(category, 'invalid input', badRawTransaction(raw));
    case 'batch over the limit':
      return fc.integer({ min: 1_001, max: 3_000 }).map((n) => ({
        category,
        expect: 'limit' as const,
        kind: 'body' as const,
        body: JSON.stringify(Array.from({ length: n }, (_, id) => ({ jsonrpc: '2.0', id, method: 'eth_chainId' }))),
        answerId: null,
      }));
    case 'valid control':
      return call(category, 'result', validControl);
  }
}

/**
 * `total` cases (about; rounding per category), deterministic for `seed`, in a shuffled order.
 * @example const cases = generateMalformedCases(await signRawTemplates(271), { seed: 42, total: 10_000 })
 */
export function generateMalformedCases(raw: RawTemplates, options: { seed: number; total: number }): MalformedCase[] {
  const weightSum = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
  const cases: MalformedCase[] = [];
  CATEGORIES.forEach((category, i) => {
    const count = Math.max(1, Math.round((WEIGHTS[category] * options.total) / weightSum));
    cases.push(...fc.sample(arbitraryOf(category, raw), { seed: options.seed + i, numRuns: count }));
  });
  // Interleave categories (deterministically), so batches mix them.
  const order = fc.sample(fc.shuffledSubarray(cases.map((_, i) => i), { minLength: cases.length, maxLength: cases.length }), { seed: options.seed, numRuns: 1 })[0]!;
  return order.map((i) => cases[i]!);
}

/** A text message of `bytes` bytes over the server's body limit, still a valid request otherwise. */
export function oversizedBody(bytes: number): string {
  const head = '{"jsonrpc":"2.0","id":1,"method":"web3_sha3","params":["0x';
  const tail = '"]}';
  const digits = bytes - head.length - tail.length;
  return `${head}${'ab'.repeat(Math.ceil(digits / 2))}${tail}`;
}
