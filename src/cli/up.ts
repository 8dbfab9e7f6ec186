/**
 * `zkinterop up`: starts Gateway and the chains in this process, prints the endpoints (or JSON with
 * --json) and runs until interrupted (Ctrl-C / SIGTERM stop it cleanly, exit code 0).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_GATEWAY, defaultChainSpecs, startNetwork, type Network } from '../network/network.ts';
import { devAccounts } from '../network/accounts.ts';
import { chainSettlementAddress } from '../contracts/index.ts';

export type UpOptions = { chains: number; host: string; batchTime: number; blockTime: number; watcherPoll: number; json: boolean };

/** Adds the `up` command to the program. */
export function registerUp(program: Command): void {
  program
    .command('up')
    .description('start Gateway (506) and ZK chains (271, 272, …) with settlement, watchers and JSON-RPC')
    .option('--chains <n>', 'number of ZK chains (ids 271, 272, 273, …)', parseCount, 2)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--batch-time <ms>', 'seal a batch this long after its first transaction', parseMs, 100)
    .option('--block-time <ms>', 'gather transactions this long before sealing a block (0 = at once)', parseMs, 0)
    .option('--watcher-poll <ms>', 'how often each chain looks at Gateway for new interop roots', parseMs, 10)
    .option('--json', 'print the endpoints as one JSON object (for scripts)', false)
    .addHelpText(
      'after',
      `
Examples:
  $ zkinterop up                 # Gateway on :3150, chain 271 on :3050, chain 272 on :3250
  $ zkinterop up --chains 3      # adds chain 273 on :3350
  $ zkinterop up --json | jq .   # machine-readable endpoints`,
    )
    .action(async (opts: UpOptions) => {
      const started = Date.now();
      const network = await startNetwork({
        host: opts.host,
        gateway: DEFAULT_GATEWAY,
        chains: defaultChainSpecs(opts.chains),
        batchTimeMs: opts.batchTime,
        blockTimeMs: opts.blockTime,
        watcherPollMs: opts.watcherPoll,
      });
      const readyMs = Date.now() - started;
      printEndpoints(network, opts.json, readyMs);
      const shutdown = async () => {
        process.off('SIGINT', shutdown);
        process.off('SIGTERM', shutdown);
        await network.stop();
        process.exit(0);
      };
      process.on('SIGINT', shutdown);
      process.on('SIGTERM', shutdown);
    });
}

function printEndpoints(network: Network, json: boolean, readyMs: number): void {
  const nodes = [network.gateway, ...network.chains];
  if (json) {
    console.log(
      JSON.stringify({
        readyMs,
        gateway: { chainId: network.gateway.chainId, rpcUrl: network.gateway.rpcUrl, wsUrl: network.gateway.wsUrl },
        chains: network.chains.map((c) => ({ chainId: c.chainId, rpcUrl: c.rpcUrl, wsUrl: c.wsUrl, settlementContract: chainSettlementAddress(c.chainId) })),
        accounts: devAccounts().map((a) => ({ address: a.address, privateKey: a.privateKey })),
      }),
    );
    return;
  }
  console.log(`zkinterop network ready in ${readyMs} ms\n`);
  for (const n of nodes) {
    const label = n.role === 'gateway' ? 'Gateway' : 'ZK chain';
    console.log(`  ${label.padEnd(8)} ${String(n.chainId).padEnd(5)} ${n.rpcUrl}  ${n.wsUrl}`);
  }
  const [first] = devAccounts();
  console.log(`\nRich wallet: ${first!.address}\n  key ${first!.privateKey}\n(20 funded dev accounts: ZKsync rich wallets and the "test … junk" mnemonic)\n\nCtrl-C to stop.`);
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError(`--chains must be a whole number from 1 to 64, got "${value}"`);
  return n;
}

function parseMs(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected milliseconds ≥ 0, got "${value}"`);
  return n;
}
