/**
 * A strict RLP reader that works on the hex text itself: the top-level items of one list, as hex
 * strings (a nested list is returned as `RLP_LIST`, unread). Made for the node's transaction screen,
 * which reads a dozen fields of every incoming transaction: decoding to bytes and back to hex (as
 * general RLP libraries do) cost more than the reading. Canonical encoding is required (a single
 * byte below 0x80 is its own encoding, long forms only above 55 bytes, no leading zero in lengths).
 */

/** Marks an item that is itself a list (its contents are not read). */
export const RLP_LIST = Symbol('rlp list');

/** One top-level item: a byte string as 0x-hex, or a nested list. */
export type RlpHexItem = `0x${string}` | typeof RLP_LIST;

/** Why the hex is not one canonical RLP list. */
export class RlpHexError extends Error {
  override name = 'RlpHexError';
}

/**
 * The items of the RLP list encoded by `hex` from character `start` (default 2, after `0x`) to the end.
 * @throws RlpHexError when the text is not exactly one canonical RLP list
 * @example readRlpHexList('0xc20102') // ['0x01', '0x02']
 */
export function readRlpHexList(hex: string, start = 2): RlpHexItem[] {
  const list = readHeader(hex, start);
  if (!list.isList) throw new RlpHexError('expected an RLP list, found a byte string');
  if (list.end !== hex.length) throw new RlpHexError(list.end > hex.length ? 'RLP list runs past the end of the data' : 'data continues after the RLP list');
  const items: RlpHexItem[] = [];
  let at = list.payload;
  while (at < list.end) {
    const item = readHeader(hex, at);
    if (item.end > list.end) throw new RlpHexError('an RLP item runs past the end of its list');
    items.push(item.isList ? RLP_LIST : (`0x${hex.slice(item.payload, item.end)}` as `0x${string}`));
    at = item.end;
  }
  return items;
}

type Header = { isList: boolean; payload: number; end: number };

/** Reads the header at character `at`: where the payload starts and the item ends (in characters). */
function readHeader(hex: string, at: number): Header {
  const prefix = byteAt(hex, at);
  if (prefix < 0x80) return { isList: false, payload: at, end: at + 2 };
  if (prefix <= 0xb7) {
    const length = prefix - 0x80;
    if (length === 1 && byteAt(hex, at + 2) < 0x80) throw new RlpHexError('a single byte below 0x80 must be its own encoding');
    return { isList: false, payload: at + 2, end: at + 2 + 2 * length };
  }
  if (prefix <= 0xbf) return longForm(hex, at, prefix - 0xb7, false);
  if (prefix <= 0xf7) return { isList: true, payload: at + 2, end: at + 2 + 2 * (prefix - 0xc0) };
  return longForm(hex, at, prefix - 0xf7, true);
}

function longForm(hex: string, at: number, lengthOfLength: number, isList: boolean): Header {
  if (byteAt(hex, at + 2) === 0) throw new RlpHexError('an RLP length has a leading zero');
  let length = 0;
  for (let i = 0; i < lengthOfLength; i++) length = length * 256 + byteAt(hex, at + 2 + 2 * i);
  if (length <= 55) throw new RlpHexError('the long form is only for more than 55 bytes');
  if (!Number.isSafeInteger(length)) throw new RlpHexError('an RLP length is too large');
  const payload = at + 2 + 2 * lengthOfLength;
  return { isList, payload, end: payload + 2 * length };
}

function byteAt(hex: string, at: number): number {
  const value = Number.parseInt(hex.slice(at, at + 2), 16);
  if (at + 2 > hex.length || Number.isNaN(value)) throw new RlpHexError('RLP data ends early');
  return value;
}
