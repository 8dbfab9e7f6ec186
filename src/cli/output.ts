/**
 * How client commands write: results to stdout (one JSON object with --json), progress of long waits
 * to stderr only on a terminal and never with --json, so scripts see nothing but the result.
 */

/** Prints one JSON object on one line. */
export function printJson(value: unknown): void {
  console.log(JSON.stringify(value));
}

/** A progress line writer: a no-op unless stderr is a TTY and the output is not JSON. */
export function progressWriter(json: boolean): ((line: string) => void) | undefined {
  if (json || !process.stderr.isTTY) return undefined;
  return (line) => process.stderr.write(`${line}\n`);
}

/** `+123 ms` relative to a start time, or `…` when not reached. */
export function relativeTime(at: number | null | undefined, start: number | undefined): string {
  if (at === null || at === undefined) return '…';
  if (start === undefined) return new Date(at).toISOString();
  return `+${at - start} ms`;
}
