/** How values read on the page: shortened hashes, relative and absolute times, durations, wei. */

/**
 * A hash or address cut to its ends.
 * @example shortHash('0x1234567890abcdef…') // '0x1234…cdef'
 */
export function shortHash(value: string, keep = 4): string {
  return value.length <= 2 + keep * 2 + 1 ? value : `${value.slice(0, 2 + keep)}…${value.slice(-keep)}`;
}

/**
 * A time relative to now: `5 s ago`, `3 min ago`, `in 2 s`.
 * @param at ms since the epoch
 */
export function relativeTime(at: number, now = Date.now()): string {
  const delta = now - at;
  const ahead = delta < 0;
  const s = Math.abs(delta) / 1000;
  const text = s < 1 ? 'now' : s < 60 ? `${Math.floor(s)} s` : s < 3600 ? `${Math.floor(s / 60)} min` : s < 86_400 ? `${Math.floor(s / 3600)} h` : `${Math.floor(s / 86_400)} d`;
  if (text === 'now') return 'just now';
  return ahead ? `in ${text}` : `${text} ago`;
}

/** An absolute time, to the millisecond, in the reader's zone: `2026-12-05 02:51:07.123`. */
export function absoluteTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A duration: `420 ms`, `3.2 s`, `2 min 5 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Wei as ether, trimmed: `1.5 ETH`. */
export function formatEther(wei: bigint): string {
  const whole = wei / 10n ** 18n;
  const fraction = (wei % 10n ** 18n).toString().padStart(18, '0').replace(/0+$/, '').slice(0, 6);
  return `${whole.toLocaleString('en')}${fraction ? `.${fraction}` : ''} ETH`;
}

/** A hex quantity as a number. */
export function hexNumber(value: string | null | undefined): number {
  return value ? Number(BigInt(value)) : 0;
}
