/**
 * A network in a child process (`zkinterop up`), or one node of it (`zkinterop node`), for tests that must
 * kill it for real (SIGKILL) and start it again from the same store. Endpoints come from `up --json` or
 * the node's ready line; JSON-RPC goes over HTTP.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitForReady } from '../../src/network/supervisor.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** What `up --json` prints. */
export type UpDescription = { gateway: { chainId: number; rpcUrl: string }; chains: { chainId: number; rpcUrl: string }[] };

export type ChildNetwork = {
  process: ChildProcess;
  endpoints: UpDescription;
  url(chainId: number): string;
  exited: Promise<number | null>;
  /** what the child wrote on stderr so far */
  stderr(): string;
};

/** Writes a network config with free ports and the given batch time; returns its path. */
export function writeChildConfig(dir: string, chains: number[], batchTimeMs: number): string {
  const file = path.join(dir, 'network.json');
  writeFileSync(file, JSON.stringify({ gateway: { chainId: 506, port: 0 }, chains: chains.map((chainId) => ({ chainId, port: 0 })), routerPort: null, delays: { batchTimeMs } }));
  return file;
}

/** A `zkinterop` command running as a child process, once its output said it is ready. */
export type ChildCli<T> = { process: ChildProcess; ready: T; exited: Promise<number | null>; stderr(): string };

/**
 * Spawns `zkinterop ...args` and resolves once `readyFrom` finds what it waits for in the stdout so far.
 * @throws ZkInteropError NODE_PROCESS_EXITED with the child's stderr if it exits first
 */
export async function spawnCli<T>(args: string[], readyFrom: (stdout: string) => T | undefined): Promise<ChildCli<T>> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/zkinterop.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  // The supervisor's reader (src/network/supervisor.ts): rejects with the exit code and stderr if it exits first.
  const ready = await waitForReady(child, readyFrom, `zkinterop ${args[0]}`, () => err);
  return { process: child, ready, exited, stderr: () => err };
}

/**
 * Starts `zkinterop up --json` with a config and a store flag; resolves once it printed its endpoints.
 * @throws Error with the child's stderr if it exits first
 */
export async function startChildNetwork(config: string, storeArgs: string[]): Promise<ChildNetwork> {
  const up = await spawnCli(['up', '--json', '--config', config, ...storeArgs], (out) => {
    const line = out.split('\n').find((l) => l.startsWith('{'));
    return line && out.includes('\n') ? (JSON.parse(line) as UpDescription) : undefined;
  });
  const endpoints = up.ready;
  const all = [endpoints.gateway, ...endpoints.chains];
  return { process: up.process, endpoints, exited: up.exited, url: (id) => all.find((c) => c.chainId === id)!.rpcUrl, stderr: up.stderr };
}

/** The ready line of `zkinterop node`. */
export type NodeReady = { ready: true; role: 'l1' | 'gateway' | 'chain'; chainId: number; rpcUrl: string; wsUrl: string; pid: number };

/**
 * Spawns `zkinterop node ...args`; resolves with its ready line.
 * @throws Error with the child's stderr if it exits first
 */
export function spawnNode(args: string[]): Promise<ChildCli<NodeReady>> {
  return spawnCli(['node', ...args], (out) => {
    const line = out.split('\n').find((l) => l.startsWith('{') && l.endsWith('}'));
    return line ? (JSON.parse(line) as NodeReady) : undefined;
  });
}

/** Runs `zkinterop ...args` to its exit; resolves with its exit code and what it wrote on stderr. */
export function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/zkinterop.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

let nextId = 1;

/** One JSON-RPC call over HTTP; throws on an error answer. */
export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }) });
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.code} ${body.error.message}`);
  return body.result as T;
}

/** Many JSON-RPC calls in batch requests of `size`; answers in order (errors as `{ error }`). */
export async function rpcBatch(url: string, calls: { method: string; params: unknown[] }[], size = 200): Promise<{ result?: unknown; error?: { code: number; message: string } }[]> {
  const out: { result?: unknown; error?: { code: number; message: string } }[] = [];
  for (let i = 0; i < calls.length; i += size) {
    const chunk = calls.slice(i, i + size).map((c, j) => ({ jsonrpc: '2.0', id: j, method: c.method, params: c.params }));
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(chunk) });
    const answers = (await res.json()) as { id: number; result?: unknown; error?: { code: number; message: string } }[];
    answers.sort((a, b) => a.id - b.id);
    out.push(...answers);
  }
  return out;
}
