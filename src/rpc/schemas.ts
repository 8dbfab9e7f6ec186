/**
 * Zod schemas for the param types Ethereum JSON-RPC methods share, so every method validates
 * its input at the edge the same way and handlers receive normalised values.
 *
 * Decisions (lenient on form, strict on meaning, like anvil):
 * - Hex input accepts `0x` or `0X` and upper- or lower-case digits; output is always lowercase.
 * - `address`: any case is accepted and the EIP-55 checksum is NOT enforced (as geth and anvil);
 *   output is lowercase, so addresses compare with `===` and work as map keys.
 * - `quantity`: a hex string; leading zeros (`0x01`) are tolerated (anvil accepts them, geth
 *   rejects them); the empty `0x` and JSON numbers are rejected; at most 2^256 - 1; output bigint.
 * - Block params resolve to a `BlockSelector` union so a node writes one resolver for all forms.
 */
import { z } from 'zod';

/** Lowercase `0x`-prefixed hex. */
export type Hex = `0x${string}`;

/**
 * Block tags a node understands: Ethereum's, and the ZKsync server's `committed` (its latest sealed block,
 * zksync-ethers' default) and `l1_committed` (the last block whose batch is committed on the settlement layer).
 */
export const BLOCK_TAGS = ['latest', 'earliest', 'pending', 'safe', 'finalized', 'committed', 'l1_committed'] as const;

/** One of `latest | earliest | pending | safe | finalized | committed | l1_committed`. */
export type BlockTag = (typeof BLOCK_TAGS)[number];

/** Where to look: a tag, a number, or (EIP-1898) a hash. */
export type BlockSelector =
  | { kind: 'tag'; tag: BlockTag }
  | { kind: 'number'; number: bigint }
  | { kind: 'hash'; hash: Hex; requireCanonical: boolean };

const HEX_DIGITS = /^0[xX][0-9a-fA-F]*$/;
const MAX_UINT256 = (1n << 256n) - 1n;

function hexString(expected: string) {
  return z
    .string({ error: `expected ${expected}` })
    .regex(HEX_DIGITS, { error: `expected ${expected}` })
    .transform((value) => `0x${value.slice(2).toLowerCase()}` as Hex);
}

/** Arbitrary bytes: `0x` followed by an even number of hex digits (`0x` = empty). Output lowercase. */
export const hexData = hexString('0x-prefixed hex data').refine((value) => value.length % 2 === 0, {
  error: 'expected hex data with an even number of digits',
});

/**
 * `z.tuple([hexData])` for the common call, without zod (eth_sendRawTransaction is the node's hottest
 * method): the same output where it answers, `undefined` (so the schema decides, with its errors)
 * for anything else.
 */
export function fastHexDataTuple(params: readonly unknown[]): [Hex] | undefined {
  const [value] = params;
  if (params.length !== 1 || typeof value !== 'string' || value.length % 2 !== 0 || !HEX_DIGITS.test(value)) return undefined;
  return [`0x${value.slice(2).toLowerCase()}` as Hex];
}

function fixedHex(bytes: number, expected: string) {
  return hexString(expected).refine((value) => value.length === 2 + bytes * 2, {
    error: `expected ${expected}`,
  });
}

/** A 32-byte hash (`0x` + 64 hex digits). Output lowercase. */
export const hash32 = fixedHex(32, 'a 32-byte hex hash (0x + 64 hex digits)');

/** A 20-byte address in any case; the checksum is not enforced. Output lowercase. */
export const address = fixedHex(20, 'a 20-byte hex address (0x + 40 hex digits)');

/** A hex quantity up to 2^256 - 1 (`0x0`, `0x1a`; leading zeros tolerated). Output bigint. */
export const quantity = z
  .string({ error: 'expected a hex quantity such as "0x1a"' })
  .regex(/^0[xX][0-9a-fA-F]+$/, { error: 'expected a hex quantity such as "0x1a"' })
  .transform((value, ctx) => {
    const parsed = BigInt(`0x${value.slice(2)}`);
    if (parsed > MAX_UINT256) {
      ctx.issues.push({ code: 'custom', message: 'expected a quantity of at most 2^256 - 1', input: value });
      return z.NEVER;
    }
    return parsed;
  });

/** A hex quantity that fits in a JS number (indexes, counts). Output number. */
export const quantityAsNumber = quantity.transform((value, ctx) => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    ctx.issues.push({ code: 'custom', message: 'expected a quantity of at most 2^53 - 1', input: value.toString() });
    return z.NEVER;
  }
  return Number(value);
});

/** A JSON boolean (no "true"/"false" strings). */
export const boolean = z.boolean({ error: 'expected a boolean' });

const BLOCK_NUMBER_OR_TAG_TEXT = `a block number (hex quantity) or one of ${BLOCK_TAGS.map((tag) => `"${tag}"`).join(', ')}`;

/** `latest | earliest | pending | safe | finalized | 0x…` → `BlockSelector` (tag or number). */
export const blockNumberOrTag = z
  .string({ error: `expected ${BLOCK_NUMBER_OR_TAG_TEXT}` })
  .transform((value, ctx): Extract<BlockSelector, { kind: 'tag' | 'number' }> => {
    if ((BLOCK_TAGS as readonly string[]).includes(value)) return { kind: 'tag', tag: value as BlockTag };
    const number = quantity.safeParse(value);
    if (number.success) return { kind: 'number', number: number.data };
    ctx.issues.push({ code: 'custom', message: `expected ${BLOCK_NUMBER_OR_TAG_TEXT}`, input: value });
    return z.NEVER;
  });

const blockIdObject = z
  .strictObject(
    {
      blockHash: hash32.optional(),
      blockNumber: quantity.optional(),
      requireCanonical: boolean.optional(),
    },
    { error: 'expected { blockHash, requireCanonical? } or { blockNumber }' },
  )
  .transform((value, ctx): BlockSelector => {
    if (value.blockHash !== undefined && value.blockNumber === undefined) {
      return { kind: 'hash', hash: value.blockHash, requireCanonical: value.requireCanonical ?? false };
    }
    if (value.blockNumber !== undefined && value.blockHash === undefined && value.requireCanonical === undefined) {
      return { kind: 'number', number: value.blockNumber };
    }
    ctx.issues.push({
      code: 'custom',
      message: 'expected exactly one of blockHash (with optional requireCanonical) or blockNumber (EIP-1898)',
      input: value,
    });
    return z.NEVER;
  });

/**
 * A block parameter with EIP-1898 objects: a tag, a hex number, `{ blockNumber }` or
 * `{ blockHash, requireCanonical? }` → `BlockSelector`.
 */
export const blockId = z.unknown().transform((value, ctx): BlockSelector => {
  const schema = typeof value === 'object' && value !== null && !Array.isArray(value) ? blockIdObject : blockNumberOrTag;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // Re-raise the chosen branch's issues so the message is precise (a union would say "Invalid input").
  for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: value } as z.core.$ZodRawIssue);
  return z.NEVER;
});

/**
 * Makes a trailing positional param optional: absent or JSON `null` both become `undefined`
 * (clients send `null` for "not given", as geth accepts).
 * @example z.tuple([hash32, optionalParam(quantityAsNumber)])
 */
export function optionalParam<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .transform((value) => (value === null ? undefined : value))
    .optional();
}
