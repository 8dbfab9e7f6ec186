/**
 * The supervisor of node processes (src/network/supervisor.ts) with real child processes (a stand-in
 * node, test/fixtures/supervisedChild.mjs): ready lines, stderr relayed with its prefix, a child that
 * exits reported while the others run on, restart, the stop order, SIGKILL of a child that ignores
 * SIGTERM, a child that dies before it is ready, the restart policy (a crashed child started again after
 * a doubling backoff, one that exits 0 left down), and the stdin pipe and environment flag each child gets.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PARENT_PIPE_ENV, Supervisor, withBoundPort, type ChildExit, type ChildSpec, type SupervisedChild, type SupervisorOptions } from '../../src/network/supervisor.ts';
import { pollUntil } from '../support/poll.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/supervisedChild.mjs');
const spec = (chainId: number, role: ChildSpec['role'], ...flags: string[]): ChildSpec => ({ chainId, role, args: [FIXTURE, '--chain-id', String(chainId), ...flags] });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
  supervisor = undefined;
});

function supervise(options: Omit<SupervisorOptions, 'log' | 'onExit' | 'onRestarted'> = {}) {
  const lines: string[] = [];
  const exits: ChildExit[] = [];
  const restarted: SupervisedChild[] = [];
  supervisor = new Supervisor({ log: (line) => lines.push(line), onExit: (exit) => exits.push(exit), onRestarted: (child) => restarted.push(child), ...options });
  return { supervisor, lines, exits, restarted };
}

describe('the supervisor of node processes', () => {
  it('resolves a start with the child\'s ready line and pid', async () => {
    const { supervisor } = supervise();
    const child = await supervisor.start(spec(271, 'chain'));
    expect(child.ready).toMatchObject({ ready: true, chainId: 271, rpcUrl: 'http://127.0.0.1:1/271', pid: child.pid });
    expect(alive(child.pid)).toBe(true);
    expect(supervisor.processes()).toEqual([{ chainId: 271, role: 'chain', pid: child.pid }]);
  });

  it('relays each stderr line of a child prefixed with its role and chain id', async () => {
    const { supervisor, lines } = supervise();
    await supervisor.start(spec(506, 'gateway'));
    await pollUntil(() => lines.length >= 2 || undefined, { what: 'two relayed lines' });
    expect(lines.slice(0, 2)).toEqual(['[gateway 506] starting node 506', '[gateway 506] replaying its journal (0 entries)']);
  });

  it('reports a child that exits with its code and last stderr lines, and keeps the others running', async () => {
    const { supervisor, exits } = supervise();
    const other = await supervisor.start(spec(271, 'chain'));
    await supervisor.start(spec(272, 'chain', '--exit-after-ready', '3'));
    const exit = await pollUntil(() => exits[0], { what: 'the exit report of 272' });
    expect(exit).toMatchObject({ chainId: 272, role: 'chain', code: 3, signal: null });
    expect(exit.lastStderr.at(-1)).toBe('node 272 lost its settlement layer');
    expect(alive(other.pid)).toBe(true);
    expect(supervisor.processes().map((p) => p.chainId)).toEqual([271]);
  });

  it('restarts a child with the same arguments as a new process', async () => {
    const { supervisor, exits } = supervise();
    const first = await supervisor.start(spec(271, 'chain'));
    const again = await supervisor.restart(271);
    expect(again.pid).not.toBe(first.pid);
    expect(again.ready.chainId).toBe(271);
    await pollUntil(() => !alive(first.pid) || undefined, { what: 'the first process to be gone' });
    // A stop it asked for is not reported as an exit.
    expect(exits).toEqual([]);
  });

  it('stops the children in the reverse order of their start', async () => {
    const { supervisor, lines } = supervise();
    for (const [id, role] of [[9, 'l1'], [506, 'gateway'], [271, 'chain']] as const) await supervisor.start(spec(id, role));
    await supervisor.stop();
    expect(lines.filter((l) => l.includes('stopping'))).toEqual(['[chain 271] node 271 stopping', '[gateway 506] node 506 stopping', '[l1 9] node 9 stopping']);
  });

  it('kills a child that does not exit after SIGTERM once the stop timeout passed', async () => {
    const { supervisor, lines } = supervise({ stopTimeoutMs: 200 });
    const child = await supervisor.start(spec(271, 'chain', '--ignore-sigterm'));
    await supervisor.stop();
    expect(alive(child.pid)).toBe(false);
    expect(lines).toContain('[chain 271] did not exit within 200 ms of SIGTERM; killing it (SIGKILL)');
  });

  it('refuses a start whose child exits before it is ready, with its code and last stderr lines', async () => {
    const { supervisor } = supervise();
    await expect(supervisor.start(spec(271, 'chain', '--fail-before-ready', '2'))).rejects.toMatchObject({
      code: 'NODE_PROCESS_EXITED',
      message: expect.stringMatching(/node chain 271 exited \(2\) before it was ready; its last output:\n[\s\S]*cannot open the store of 271: disk full/),
    });
  });

  it('starts a crashed child again under the restart policy, with a backoff that doubles on each crash in a row', async () => {
    const { supervisor, exits, restarted } = supervise({ restartCrashed: { backoffMs: 10, maxBackoffMs: 60_000 } });
    await supervisor.start(spec(272, 'chain', '--exit-after-ready', '3'));
    await pollUntil(() => exits.length >= 3 || undefined, { what: 'three crashes of 272' });
    expect(exits.slice(0, 3).map((e) => e.restartInMs)).toEqual([10, 20, 40]);
    expect(restarted.length).toBeGreaterThanOrEqual(2);
    expect(restarted[0]!.spec.chainId).toBe(272);
  });

  it('starts a child killed by a signal again, and leaves one that exited with code 0 down', async () => {
    const { supervisor, exits, restarted } = supervise({ restartCrashed: { backoffMs: 10 } });
    const killed = await supervisor.start(spec(271, 'chain'));
    await supervisor.start(spec(272, 'chain', '--exit-after-ready', '0'));
    process.kill(killed.pid, 'SIGKILL');
    const again = await pollUntil(() => restarted.find((c) => c.spec.chainId === 271), { what: '271 started again' });
    expect(again.pid).not.toBe(killed.pid);
    expect(supervisor.processes().map((p) => p.chainId)).toEqual([271]);
    expect(exits.find((e) => e.chainId === 272)).toMatchObject({ code: 0 });
    expect(exits.find((e) => e.chainId === 272)!.restartInMs).toBeUndefined();
    expect(exits.find((e) => e.chainId === 271)).toMatchObject({ signal: 'SIGKILL', restartInMs: 10 });
  });

  it('gives each child a stdin pipe and sets the environment flag that tells it so', async () => {
    const { supervisor } = supervise();
    const child = await supervisor.start(spec(271, 'chain'));
    expect(child.ready[PARENT_PIPE_ENV]).toBe('1');
    expect(child.ready.stdinIsPipe).toBe(true);
  });
});

describe('a child started on port 0', () => {
  const spec: ChildSpec = { chainId: 271, role: 'chain', args: ['cli.js', 'node', '--port', '0', '--role', 'chain'] };

  it('is restarted on the port its ready line named, the other arguments unchanged', () => {
    const pinned = withBoundPort(spec, { ready: true, rpcUrl: 'http://127.0.0.1:41234', wsUrl: 'ws://127.0.0.1:41234' });
    expect(pinned.args).toEqual(['cli.js', 'node', '--port', '41234', '--role', 'chain']);
  });

  it('keeps a port it was given', () => {
    const fixed: ChildSpec = { ...spec, args: ['cli.js', 'node', '--port', '3050'] };
    expect(withBoundPort(fixed, { ready: true, rpcUrl: 'http://127.0.0.1:3050', wsUrl: 'ws://127.0.0.1:3050' })).toBe(fixed);
  });
});
