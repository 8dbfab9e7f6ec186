/**
 * `zkinterop up --processes` as a child process, for tests that kill its nodes (or it) with SIGKILL:
 * started with a config of free ports (an L1, Gateway 506, chains 271 and 272), `--dev`, `--json` and a
 * data dir; its endpoints and node pids from the NetworkConfig it prints; the router's `/network` for the
 * network methods; what Gateway (or the L1) executed of each chain, read from its events.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Hex } from 'viem';
import { expect } from 'vitest';
import { EVENT_TOPICS } from '../../src/protocol/constants.ts';
import type { NetworkConfig } from '../../src/wire/types.ts';
import { rpc, type ChildCli } from './childNetwork.ts';
import { startProcessUp } from './processNetwork.ts';
import { pollUntil } from './poll.ts';

/** A running `up --processes`: its config as printed, and where each chain answers. */
export type ProcessesChild = ChildCli<NetworkConfig> & {
  config: NetworkConfig;
  /** a node's own endpoint (its port stays the same across restarts) */
  url(chainId: number): string;
  /** the pid of node `chainId`'s process now (asked of the coordinator), or undefined when it is down */
  pidOf(chainId: number): Promise<number | undefined>;
  /** a network method on the router's `/network` */
  network<T>(method: string, params?: unknown[]): Promise<T>;
};

/** A fresh directory holding `network.json` (free ports, an L1, chains 271 and 272) and a `data` dir for the stores. */
export function processesFixture(): { config: string; dataDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'zkinterop-processes-kill-'));
  const config = path.join(dir, 'network.json');
  writeFileSync(config, JSON.stringify({ gateway: { chainId: 506, port: 0 }, l1: { port: 0 }, chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }] }));
  return { config, dataDir: path.join(dir, 'data') };
}

/**
 * Starts `zkinterop up --processes --json --port 0 --dev` with the fixture; resolves once it printed its config.
 * @throws Error with its stderr if it exits first
 */
export async function startProcessesChild(fixture: { config: string; dataDir: string }, extraArgs: string[] = []): Promise<ProcessesChild> {
  const up = await startProcessUp(fixture.config, ['--dev', '--data-dir', fixture.dataDir, ...extraArgs]);
  const network = <T>(method: string, params: unknown[] = []) => rpc<T>(up.network, method, params);
  return {
    ...up,
    url: up.own,
    network,
    pidOf: async (chainId) => (await network<NetworkConfig>('zkinterop_networkConfig')).processes?.find((p) => p.chainId === chainId)?.pid,
  };
}

/** True while process `pid` exists (signal 0 probes without touching it). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The batch numbers of `chainId` whose execution on the layer at `layerUrl` appended a chain batch root
 * (MessageRoot's `AppendedChainBatchRoot`), in log order: each batch once, 1, 2, 3, … when nothing was
 * settled twice.
 */
export async function executedBatchesOn(layerUrl: string, chainId: number): Promise<number[]> {
  const logs = await rpc<{ topics: Hex[] }[]>(layerUrl, 'eth_getLogs', [{ topics: [EVENT_TOPICS.AppendedChainBatchRoot, `0x${chainId.toString(16).padStart(64, '0')}`], fromBlock: '0x0', toBlock: 'latest' }]);
  return logs.map((l) => Number(BigInt(l.topics[2]!)));
}

/** `zkinterop_chainSummary` of a node: the fields these tests follow. */
export type Progress = { blockNumber: number; lastExecutedBatch: number; lastSealedBatch: number; lastImportedRoot: { blockNumber: number } | null };

/** A node's progress now. */
export function progressOf(url: string): Promise<Progress> {
  return rpc<Progress>(url, 'zkinterop_chainSummary');
}

/** Each chain's batches were executed on `layerUrl` once each, in order, at least up to what the chain says it executed there. */
export async function expectExecutedOnce(layerUrl: string, chains: readonly { chainId: number; url: string }[]): Promise<void> {
  for (const { chainId, url } of chains) {
    const executed = (await progressOf(url)).lastExecutedBatch;
    const onLayer = await executedBatchesOn(layerUrl, chainId);
    expect(onLayer.slice(0, executed), `batches of ${chainId} executed on ${layerUrl}`).toEqual(Array.from({ length: executed }, (_, i) => i + 1));
    expect(new Set(onLayer).size, `batches of ${chainId} executed twice on ${layerUrl}`).toBe(onLayer.length);
  }
}

/** SIGKILLs node `chainId`'s process and waits until it is gone; returns its pid. */
export async function killNode(net: ProcessesChild, chainId: number): Promise<number> {
  const pid = (await net.pidOf(chainId))!;
  process.kill(pid, 'SIGKILL');
  await pollUntil(() => !alive(pid), { what: `node ${chainId}'s process ${pid} to be gone` });
  return pid;
}
