import { afterEach, describe, expect, it } from 'vitest';
import { exitOnSignals } from './shutdown.ts';

/** Records what exitOnSignals logs and the exit codes it asks for, on a signal no one else listens to. */
function harness(stop: () => Promise<void>, graceMs = 1_000) {
  const lines: string[] = [];
  const codes: number[] = [];
  let exited!: (code: number) => void;
  const firstExit = new Promise<number>((resolve) => (exited = resolve));
  const remove = exitOnSignals(stop, {
    graceMs,
    log: (line) => lines.push(line),
    exit: (code) => {
      codes.push(code);
      exited(code);
    },
    signals: ['SIGUSR2'],
  });
  removers.push(remove);
  return { lines, codes, firstExit, signal: () => process.emit('SIGUSR2', 'SIGUSR2') };
}

const removers: (() => void)[] = [];
afterEach(() => {
  for (const remove of removers.splice(0)) remove();
});

describe('exitOnSignals', () => {
  it('default: stops, then exits 0', async () => {
    let stopped = false;
    const h = harness(async () => {
      stopped = true;
    });
    h.signal();
    expect(await h.firstExit).toBe(0);
    expect(stopped).toBe(true);
  });

  it('behavior: exits 1 with a message when the stop takes longer than the grace period', async () => {
    const h = harness(() => new Promise(() => undefined), 20);
    h.signal();
    expect(await h.firstExit).toBe(1);
    expect(h.lines.at(-1)).toMatch(/did not stop within 20 ms .* exiting anyway/);
  });

  it('behavior: a second signal exits at once', async () => {
    const h = harness(() => new Promise(() => undefined), 60_000);
    h.signal();
    h.signal();
    expect(await h.firstExit).toBe(1);
    expect(h.lines.at(-1)).toMatch(/again, exiting without waiting/);
  });

  it('error: exits 1 saying why when the stop fails', async () => {
    const h = harness(() => Promise.reject(new Error('2 part(s) of the network failed to stop cleanly')));
    h.signal();
    expect(await h.firstExit).toBe(1);
    expect(h.lines.at(-1)).toMatch(/did not stop cleanly: 2 part\(s\)/);
  });

  it('stops and exits 0 when alsoWhen resolves (a node whose supervisor died), saying why', async () => {
    let stopped = false;
    const lines: string[] = [];
    let exited!: (code: number) => void;
    const firstExit = new Promise<number>((resolve) => (exited = resolve));
    removers.push(
      exitOnSignals(
        async () => {
          stopped = true;
        },
        { log: (line) => lines.push(line), exit: (code) => exited(code), signals: ['SIGUSR2'], alsoWhen: Promise.resolve('its supervisor is gone (stdin closed)') },
      ),
    );
    expect(await firstExit).toBe(0);
    expect(stopped).toBe(true);
    expect(lines[0]).toContain('its supervisor is gone (stdin closed)');
  });
});
