/**
 * How `zkinterop up` ends on SIGINT (Ctrl-C) or SIGTERM: it stops the network cleanly and exits 0. A
 * request the engine cannot interrupt (an eth_call burning up to the gas cap) can hold a chain's stop
 * for as long as it runs, so past a grace period the process exits anyway, saying so, with code 1; a
 * second signal exits at once (130 for SIGINT, 143 for SIGTERM, the shell's convention). `alsoWhen` stops
 * it the same way on another event (a node whose supervisor died: its stdin ended). Exiting is
 * safe: a chain journals a block before acknowledging any of its transactions (ARCHITECTURE.md).
 */

/** How long a stop may take before the process exits anyway (ms). */
export const SHUTDOWN_GRACE_MS = 10_000;

/** Options of `exitOnSignals` (the defaults are the process's own). */
export type ExitOnSignalsOptions = {
  graceMs?: number;
  /** where the messages go (default: stderr) */
  log?: (line: string) => void;
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
  /** stops as on a signal when this resolves; its value says why */
  alsoWhen?: Promise<string>;
};

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Stops with `stop` on the first signal and exits; see module header.
 * @param stop stops what runs (`network.stop()`)
 * @returns a function that removes the signal handlers
 * @example exitOnSignals(() => network.stop())
 */
export function exitOnSignals(stop: () => Promise<void>, options: ExitOnSignalsOptions = {}): () => void {
  const graceMs = options.graceMs ?? SHUTDOWN_GRACE_MS;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? (['SIGINT', 'SIGTERM'] as const);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals | string) => {
    if (stopping) {
      log(`zkinterop: ${signal} again, exiting without waiting for the network to stop`);
      exit(SIGNAL_EXIT_CODES[signal as NodeJS.Signals] ?? 1);
      return;
    }
    stopping = true;
    log(`zkinterop: stopping (${signal}); send it again to exit at once`);
    const timer = setTimeout(() => {
      log(`zkinterop: the network did not stop within ${graceMs} ms (a request may still be running in an engine); exiting anyway`);
      exit(1);
    }, graceMs);
    stop().then(
      () => {
        clearTimeout(timer);
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        log(`zkinterop: the network did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
  };
  for (const signal of signals) process.on(signal, onSignal);
  let removed = false;
  void options.alsoWhen?.then((why) => {
    if (!stopping && !removed) onSignal(why);
  });
  return () => {
    removed = true;
    for (const signal of signals) process.off(signal, onSignal);
  };
}
