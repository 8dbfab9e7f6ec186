/**
 * Param schemas and translations shared by a chain's RPC methods: call/transaction objects (with the
 * ZKsync `eip712Meta` / `customData` that the EVM does not know) and block selectors, where
 * `finalized` and `safe` mean Gateway settlement stages, not Ethereum's.
 */
import { z } from 'zod';
import { numberToHex } from 'viem';
import { address, blockNumberOrTag, hash32, hexData, quantity, type BlockSelector } from '../../rpc/schemas.ts';
import type { ChainNode } from '../chainNode.ts';

const accessListEntry = z.object({ address, storageKeys: z.array(hexData) });

/** A quantity of at most 2^bits - 1, named `what` in the error. */
function boundedQuantity(bits: number, what: string) {
  const max = (1n << BigInt(bits)) - 1n;
  return quantity.refine((value) => value <= max, { error: `expected ${what} of at most 2^${bits} - 1` });
}

// The EVM multiplies gas by the fee per gas in 128 bits and adds the value in 256 bits; a product
// or sum that overflows aborts the whole process (an EDR panic, not an error). Gas and nonces are
// 64-bit, fees stay below 2^64 as on ZKsync (the raw-transaction decoder's rule too), and the value
// below 2^255: then neither the product nor the sum can overflow, whatever gas the EVM picks itself.
const gasQuantity = boundedQuantity(64, 'a gas amount');
const feeQuantity = boundedQuantity(64, 'a fee per gas');
const valueQuantity = boundedQuantity(255, 'a value in wei');
const nonceQuantity = boundedQuantity(64, 'a nonce');

const MAX_JSON_DEPTH = 32;

/** How deeply `value` nests arrays and objects (iteratively: the value may be nested beyond the stack). */
function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Any JSON value nested at most 32 deep. Values the EVM receives as they are must be bounded: the
 * request to the EVM is serialised recursively, and a value nested thousands deep overflows the stack.
 */
export const boundedJson = z.unknown().refine((value) => jsonDepth(value) <= MAX_JSON_DEPTH, {
  error: `expected a JSON value nested at most ${MAX_JSON_DEPTH} deep`,
});

/** A call / transaction request object; ZKsync extras are accepted and dropped before the EVM sees them. */
export const callRequest = z
  .object({
    from: address.optional(),
    to: address.nullish(),
    data: hexData.optional(),
    input: hexData.optional(),
    value: valueQuantity.optional(),
    gas: gasQuantity.optional(),
    gasPrice: feeQuantity.optional(),
    maxFeePerGas: feeQuantity.optional(),
    maxPriorityFeePerGas: feeQuantity.optional(),
    nonce: nonceQuantity.optional(),
    type: z.string().optional(),
    accessList: z.array(accessListEntry).optional(),
    eip712Meta: z.unknown().optional(),
    customData: z.unknown().optional(),
  }, { error: 'expected a transaction object' })
  // Other fields (blobVersionedHashes, authorizationList…) go to the EVM as they are.
  .catchall(boundedJson);

/** A quantity passed on to the EVM as hex. */
const hexQuantity = quantity.transform((value) => numberToHex(value));
const storageSlots = z.record(hash32, hash32, { error: 'expected { slot: value } with 32-byte hex slots and values' });

/** eth_call's third param: per-address state overrides, as geth and anvil take them. */
export const stateOverrides = z.record(
  address,
  z.strictObject(
    { balance: hexQuantity.optional(), nonce: hexQuantity.optional(), code: hexData.optional(), state: storageSlots.optional(), stateDiff: storageSlots.optional() },
    { error: 'expected an override { balance?, nonce?, code?, state?, stateDiff? }' },
  ),
  { error: 'expected state overrides { address: { balance?, nonce?, code?, state?, stateDiff? } }' },
);

/** The request as the EVM engine takes it (quantities back to hex, ZKsync-only fields removed). */
export function toEngineRequest(request: z.output<typeof callRequest>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined || key === 'eip712Meta' || key === 'customData' || key === 'chainId') continue;
    if (key === 'type') {
      // The EVM cannot run type 0x71 as such; the same call as an EIP-1559 request estimates alike.
      if (value === '0x71' || value === '0x71'.toUpperCase() || value === '113') continue;
      out.type = value;
      continue;
    }
    out[key] = typeof value === 'bigint' ? numberToHex(value) : value;
  }
  if (out.input !== undefined && out.data === undefined) out.data = out.input;
  delete out.input;
  return out;
}

/** The block argument the engine understands for a selector (`finalized`/`safe` resolved to numbers). */
export function toEngineBlock(node: ChainNode, selector: BlockSelector | undefined): unknown {
  if (!selector) return 'latest';
  switch (selector.kind) {
    case 'number':
      return numberToHex(selector.number);
    case 'hash':
      return { blockHash: selector.hash, requireCanonical: selector.requireCanonical };
    case 'tag':
      if (selector.tag === 'finalized') return numberToHex(node.finalizedBlock());
      // The ZKsync server's tags: `l1_committed` is its batch committed on the settlement layer (our
      // `safe`), `committed` its latest sealed block (the server resolves it like `latest`).
      if (selector.tag === 'safe' || selector.tag === 'l1_committed') return numberToHex(node.safeBlock());
      if (selector.tag === 'committed') return 'latest';
      return selector.tag;
  }
}

/** A log filter object (eth_getLogs, eth_newFilter, logs subscriptions). */
export const logFilter = z.strictObject(
  {
    fromBlock: blockNumberOrTag.optional(),
    toBlock: blockNumberOrTag.optional(),
    blockHash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, { error: 'expected a 32-byte block hash' }).optional(),
    address: z.union([address, z.array(address)]).nullish(),
    topics: z.array(z.union([hexData, z.array(hexData), z.null()])).optional(),
  },
  { error: 'expected a filter object { fromBlock?, toBlock?, blockHash?, address?, topics? }' },
);

/** A filter as the engine takes it (block tags resolved). */
export function toEngineFilter(node: ChainNode, filter: z.output<typeof logFilter>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (filter.blockHash) out.blockHash = filter.blockHash;
  if (filter.fromBlock) out.fromBlock = toEngineBlock(node, filter.fromBlock);
  if (filter.toBlock) out.toBlock = toEngineBlock(node, filter.toBlock);
  if (filter.address) out.address = filter.address;
  if (filter.topics) out.topics = filter.topics;
  return out;
}
