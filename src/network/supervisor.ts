/**
 * The supervisor of `zkinterop up --processes` (docs/design/processes.md §4, §1 #21): starts each node
 * as a child process (`process.execPath` and its arguments, e.g. `bin/zkinterop.js node --role chain …`),
 * waits for its one-line JSON ready output on stdout (`{"ready":true,…,"rpcUrl","wsUrl"}`), relays its
 * stderr line by line prefixed with its role and chain id (`[chain 271] …`), and keeps its last stderr
 * lines. A child that exits on its own is reported (`onExit`: exit code or signal and those lines) and
 * the others keep running; `restart(chainId)` starts it again with the same arguments. Given a restart
 * policy (`restartCrashed`, as an orchestrator's restartPolicy OnFailure), a child that crashed (killed by
 * a signal or a non-zero exit code) is started again by itself after a backoff that doubles on each crash
 * in a row (reset once it has run as long as the longest backoff), and the report says when; one that
 * exits 0 stays down. `stop()` stops the children in the reverse order of their start: SIGTERM, then
 * SIGKILL for one that has not exited within 10 s. It starts what it is told in the order told: the
 * caller starts the L1, then Gateway, then the chains (which may start together).
 *
 * Each child gets a pipe as its stdin, which the supervisor never writes nor closes, and the environment
 * variable PARENT_PIPE_ENV=1: when this process dies, even by SIGKILL, the kernel closes the pipe, and
 * `zkinterop node` stops when it reads its end (Node has no prctl(PR_SET_PDEATHSIG)), so no node outlives
 * its supervisor.
 * A child started with `--port 0` is restarted on the port it bound the first time (`withBoundPort`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ZkInteropError } from '../errors.ts';

/** Set to `1` in each child's environment: its stdin is the supervisor's pipe, and its end means the supervisor is gone. */
export const PARENT_PIPE_ENV = 'ZKINTEROP_PARENT_PIPE';

/** A node to run as a child process. */
export type ChildSpec = {
  chainId: number;
  role: 'l1' | 'gateway' | 'chain';
  /** the arguments after the command (for a node: the CLI script and `node --role …`) */
  args: readonly string[];
  /** environment of the child (default: this process's) */
  env?: NodeJS.ProcessEnv;
};

/** What a node prints once it serves: its ready line. */
export type ReadyLine = { ready: true; rpcUrl: string; wsUrl: string; [key: string]: unknown };

/** A child the supervisor started. */
export type SupervisedChild = {
  spec: ChildSpec;
  /** its stderr prefix without brackets, e.g. `chain 271` */
  label: string;
  pid: number;
  ready: ReadyLine;
  /** false once it exited */
  running: boolean;
};

/** How a child ended when nobody asked it to. */
export type ChildExit = {
  chainId: number;
  role: ChildSpec['role'];
  label: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  lastStderr: string[];
  /** when the restart policy starts it again: in this many ms (absent: it stays down) */
  restartInMs?: number;
};

/** When a crashed child is started again by itself (SupervisorOptions.restartCrashed). */
export type RestartPolicy = {
  /** the pause before the first restart (ms; default 1,000), doubled on each crash in a row */
  backoffMs?: number;
  /** the longest pause (ms; default 30,000); a child that ran this long before crashing starts from `backoffMs` again */
  maxBackoffMs?: number;
};

/** Options of a Supervisor. */
export type SupervisorOptions = {
  /** the program each child runs (default `process.execPath`, this Node) */
  command?: string;
  /** told of a child that exited on its own (the others keep running) */
  onExit?: (exit: ChildExit) => void;
  /** where each relayed stderr line goes (default: this process's stderr) */
  log?: (line: string) => void;
  /** how long a stopped child has after SIGTERM before SIGKILL (ms; default 10,000) */
  stopTimeoutMs?: number;
  /** how many of its last stderr lines a child's exit report holds (default 20) */
  keepStderrLines?: number;
  /** start a crashed child again by itself (see RestartPolicy); absent: it stays down until `restart` */
  restartCrashed?: RestartPolicy;
  /** told of a child the restart policy started again, once it is ready */
  onRestarted?: (child: SupervisedChild) => void;
  /** told of a restart by the policy that failed (it is tried again after a longer backoff) */
  onRestartFailed?: (chainId: number, error: unknown, retryInMs: number) => void;
};

type Entry = SupervisedChild & { process: ChildProcess; closed: Promise<void>; stderrTail: string[]; stopping: boolean; startedAt: number };

/** Crashes in a row of one chain id, and its pending restart. */
type Crashes = { count: number; timer: NodeJS.Timeout | undefined; inFlight?: Promise<unknown> };

/**
 * Waits for the first stdout line of `child` that is a ready line.
 * @throws ZkInteropError NODE_PROCESS_EXITED (with its code and `lastStderr()`) if it exits first
 */
export function waitForReady<T>(child: ChildProcess, readyFrom: (stdout: string) => T | undefined, what: string, lastStderr: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = '';
    let done = false;
    const onData = (data: Buffer) => {
      out += data.toString();
      const ready = readyFrom(out);
      if (ready === undefined) return;
      done = true;
      child.stdout!.off('data', onData);
      resolve(ready);
    };
    child.stdout!.on('data', onData);
    child.once('error', (error) => {
      if (!done) reject(new ZkInteropError('NODE_PROCESS_EXITED', `${what} could not start: ${error.message}`, { cause: error }));
    });
    child.once('close', (code, signal) => {
      if (done) return;
      const stderr = lastStderr().trimEnd();
      reject(new ZkInteropError('NODE_PROCESS_EXITED', `${what} exited (${code ?? signal}) before it was ready${stderr ? `; its last output:\n${stderr}` : ' and wrote nothing on stderr'}`));
    });
  });
}

/** `spec` with `--port 0` replaced by the port its ready line names (unchanged when it has no such flag). */
export function withBoundPort(spec: ChildSpec, ready: ReadyLine): ChildSpec {
  const at = spec.args.findIndex((arg, i) => arg === '--port' && spec.args[i + 1] === '0');
  const port = /:(\d+)(?:\/|$)/.exec(ready.rpcUrl)?.[1];
  if (at < 0 || port === undefined) return spec;
  return { ...spec, args: spec.args.map((arg, i) => (i === at + 1 ? port : arg)) };
}

/** The first complete stdout line that is a JSON object with `ready: true`. */
export function readyLineOf(stdout: string): ReadyLine | undefined {
  for (const line of stdout.split('\n').slice(0, -1)) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as Partial<ReadyLine>;
      if (parsed.ready === true && typeof parsed.rpcUrl === 'string' && typeof parsed.wsUrl === 'string') return parsed as ReadyLine;
    } catch {
      // not a ready line
    }
  }
  return undefined;
}

/** Child processes of one network; see module header. */
export class Supervisor {
  private readonly entries: Entry[] = [];
  /** children spawned whose ready line has not come yet (a stop meanwhile kills them) */
  private readonly starting = new Set<ChildProcess>();
  private readonly command: string;
  private readonly log: (line: string) => void;
  private readonly stopTimeoutMs: number;
  private readonly keep: number;
  private readonly crashes = new Map<number, Crashes>();
  private stopped = false;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.command = options.command ?? process.execPath;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    this.stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
    this.keep = options.keepStderrLines ?? 20;
  }

  /**
   * Starts a child and resolves once its ready line came.
   * @throws ZkInteropError NODE_PROCESS_EXITED when it exits first (its code and last stderr lines), INVALID_ARGUMENT for a chain id already running
   */
  async start(spec: ChildSpec): Promise<SupervisedChild> {
    if (this.stopped) throw new ZkInteropError('INVALID_ARGUMENT', 'the supervisor is stopping; no node can start');
    const existing = this.entries.findIndex((e) => e.spec.chainId === spec.chainId);
    if (existing >= 0 && this.entries[existing]!.running) throw new ZkInteropError('INVALID_ARGUMENT', `node ${spec.chainId} already runs (pid ${this.entries[existing]!.pid}): restart it instead`);
    const label = `${spec.role} ${spec.chainId}`;
    // stdin: the pipe whose end tells the child this process is gone (module header).
    const child = spawn(this.command, [...spec.args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...(spec.env ?? process.env), [PARENT_PIPE_ENV]: '1' } });
    child.stdin!.on('error', () => undefined); // never written; a child gone is reported by its 'close'
    const stderrTail: string[] = [];
    this.relayStderr(child, label, stderrTail);
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    let ready: ReadyLine;
    this.starting.add(child);
    try {
      ready = await waitForReady(child, readyLineOf, `node ${label}`, () => stderrTail.join('\n'));
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    } finally {
      this.starting.delete(child);
    }
    if (this.stopped) {
      // stop() ran while it started: it is not kept running.
      child.kill('SIGTERM');
      await closed;
      throw new ZkInteropError('INVALID_ARGUMENT', `the supervisor stopped while node ${label} was starting`);
    }
    // A child given port 0 keeps the port it got: a restart answers at the same URL.
    const pinned = withBoundPort(spec, ready);
    const entry: Entry = { spec: pinned, label, pid: child.pid!, ready, running: true, process: child, closed, stderrTail, stopping: false, startedAt: Date.now() };
    // A restarted child keeps its place in the stop order.
    if (existing >= 0) this.entries[existing] = entry;
    else this.entries.push(entry);
    child.once('close', (code, signal) => {
      entry.running = false;
      if (entry.stopping) return;
      const crashed = signal !== null || code !== 0;
      const restartInMs = crashed && !this.stopped ? this.scheduleRestart(pinned, Date.now() - entry.startedAt) : undefined;
      this.options.onExit?.({ chainId: spec.chainId, role: spec.role, label, pid: entry.pid, code, signal, lastStderr: [...stderrTail], ...(restartInMs !== undefined ? { restartInMs } : {}) });
    });
    return this.present(entry);
  }

  /** Under the restart policy, starts `spec` again after its backoff; returns the backoff (undefined: no policy). */
  private scheduleRestart(spec: ChildSpec, ranMs: number): number | undefined {
    const policy = this.options.restartCrashed;
    if (!policy) return undefined;
    const base = policy.backoffMs ?? 1_000;
    const max = policy.maxBackoffMs ?? 30_000;
    const crashes = this.crashes.get(spec.chainId) ?? { count: 0, timer: undefined };
    // A child that ran as long as the longest pause is no crash loop: it starts from the shortest again.
    if (ranMs >= max) crashes.count = 0;
    const delay = Math.min(base * 2 ** crashes.count, max);
    crashes.count++;
    clearTimeout(crashes.timer);
    crashes.timer = setTimeout(() => {
      crashes.timer = undefined;
      if (this.stopped) return;
      const started = this.start(spec);
      crashes.inFlight = started.catch(() => undefined).finally(() => (crashes.inFlight = undefined));
      started.then(
        (child) => this.options.onRestarted?.(child),
        (error: unknown) => {
          // A child that could not even get ready is a crash too: tried again after a longer pause.
          const retry = this.stopped || this.entries.some((e) => e.spec.chainId === spec.chainId && e.running) ? undefined : this.scheduleRestart(spec, 0);
          if (retry !== undefined) this.options.onRestartFailed?.(spec.chainId, error, retry);
        },
      );
    }, delay);
    this.crashes.set(spec.chainId, crashes);
    return delay;
  }

  /** Drops a restart the policy scheduled for `chainId` (a restart asked for, or a stop, comes first). */
  private cancelRestart(chainId: number): void {
    const crashes = this.crashes.get(chainId);
    if (crashes?.timer) clearTimeout(crashes.timer);
    if (crashes) crashes.timer = undefined;
  }

  /**
   * Stops chain `chainId`'s child (if it runs) and starts it again with the same arguments.
   * @throws ZkInteropError INVALID_ARGUMENT for a chain id it never started
   */
  async restart(chainId: number): Promise<SupervisedChild> {
    const entry = this.entries.find((e) => e.spec.chainId === chainId);
    if (!entry) throw new ZkInteropError('INVALID_ARGUMENT', `no node ${chainId} was started here; its nodes are ${this.entries.map((e) => e.spec.chainId).join(', ')}`);
    this.cancelRestart(chainId);
    // A restart of the policy already under way finishes first; this one then replaces it.
    await this.crashes.get(chainId)?.inFlight;
    this.cancelRestart(chainId);
    this.crashes.delete(chainId);
    const current = this.entries.find((e) => e.spec.chainId === chainId)!;
    await this.stopEntry(current);
    return this.start(current.spec);
  }

  /** The children in start order. */
  children(): SupervisedChild[] {
    return this.entries.map((e) => this.present(e));
  }

  /** `{ chainId, role, pid }` of each running child (NetworkConfig.processes). */
  processes(): { chainId: number; role: ChildSpec['role']; pid: number }[] {
    return this.entries.filter((e) => e.running).map((e) => ({ chainId: e.spec.chainId, role: e.spec.role, pid: e.pid }));
  }

  /** Stops every child, the last started first (SIGTERM; SIGKILL after the stop timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const chainId of this.crashes.keys()) this.cancelRestart(chainId);
    for (const child of this.starting) child.kill('SIGTERM');
    for (const entry of [...this.entries].reverse()) await this.stopEntry(entry);
  }

  private async stopEntry(entry: Entry): Promise<void> {
    entry.stopping = true;
    if (!entry.running) return;
    entry.process.kill('SIGTERM');
    const timer = setTimeout(() => {
      this.log(`[${entry.label}] did not exit within ${this.stopTimeoutMs} ms of SIGTERM; killing it (SIGKILL)`);
      entry.process.kill('SIGKILL');
    }, this.stopTimeoutMs);
    await entry.closed;
    clearTimeout(timer);
  }

  private relayStderr(child: ChildProcess, label: string, tail: string[]): void {
    let partial = '';
    const emit = (line: string) => {
      tail.push(line);
      if (tail.length > this.keep) tail.shift();
      this.log(`[${label}] ${line}`);
    };
    child.stderr!.on('data', (data: Buffer) => {
      const lines = (partial + data.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) emit(line);
    });
    child.stderr!.on('end', () => {
      if (partial !== '') emit(partial);
      partial = '';
    });
  }

  private present(entry: Entry): SupervisedChild {
    return { spec: entry.spec, label: entry.label, pid: entry.pid, ready: entry.ready, running: entry.running };
  }
}
