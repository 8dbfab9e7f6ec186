/**
 * deploy/docker-compose.yml is consistent with the CLI and with itself: every container's command line
 * parses with the CLI's own options, each node runs the chain the layout is made for, and the ports,
 * URLs, service names, mounted files, healthchecks and start order agree. (No container daemon runs on
 * the machines these tests run on; test/deploy/composeCommands.test.ts runs the same commands as local
 * processes.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_L1 } from '../../src/network/defaults.ts';
import { composeFile, flagOf, flagsOf, layoutInitArgs, parseCli, type ComposeService, type ParsedCli } from './deployFiles.ts';

const { services, volumes } = composeFile();
const nodeServices = Object.entries(services).filter(([, s]) => s.command?.[0] === 'node');
const coordinator = Object.entries(services).find(([, s]) => s.command?.[0] === 'coordinator');
const running = [...nodeServices, ...(coordinator ? [coordinator] : [])];

type InitOptions = { out: string; chains: number[]; gatewayChainId: number; l1: boolean; settlesOnL1: number[] };
let init: InitOptions;
beforeAll(async () => {
  const parsed = await parseCli(layoutInitArgs(services['layout-init']!));
  expect(parsed.command).toEqual(['layout', 'init']);
  init = parsed.opts as InitOptions;
});

const command = (s: ComposeService) => s.command!;
const portOf = (s: ComposeService) => Number(flagOf(command(s), '--port'));
/** Every URL a service's command line names, with the flag it came with. */
function urlsOf(s: ComposeService): { flag: string; url: URL }[] {
  const urls = ['--settlement-layer', '--gateway', '--coordinator'].flatMap((flag) => flagsOf(command(s), flag).map((u) => ({ flag, url: new URL(u) })));
  for (const node of flagsOf(command(s), '--node')) urls.push({ flag: '--node', url: new URL(node.slice(node.indexOf('=') + 1)) });
  return urls;
}
const urlOf = (name: string) => `http://${name}:${portOf(services[name]!)}`;
const serviceOfChain = (chainId: number) => nodeServices.find(([, s]) => Number(flagOf(command(s), '--chain-id')) === chainId)?.[0];

describe('deploy/docker-compose.yml', () => {
  it("parses every container's command line with the CLI's own options (no unknown flag, no missing one)", async () => {
    expect(coordinator, 'a service running `zkinterop coordinator`').toBeDefined();
    for (const [name, s] of running) {
      const parsed: ParsedCli = await parseCli(command(s)).catch((e: Error) => {
        throw new Error(`service ${name}: ${e.message}`);
      });
      expect(parsed.command).toEqual([command(s)[0]]);
    }
  });

  it('runs one node per node of the layout that layout init makes: the L1, Gateway and each chain, with its role', () => {
    const nodes = nodeServices.map(([, s]) => [flagOf(command(s), '--role'), Number(flagOf(command(s), '--chain-id'))]);
    const expected = [...(init.l1 ? [['l1', DEFAULT_L1.chainId]] : []), ['gateway', init.gatewayChainId], ...init.chains.map((id) => ['chain', id])];
    expect(nodes.sort()).toEqual(expected.sort());
  });

  it('gives each node the layout, the internal token and its own operator key from the files layout init writes', () => {
    for (const [name, s] of nodeServices) {
      const argv = command(s);
      const role = flagOf(argv, '--role');
      expect(flagOf(argv, '--layout'), name).toBe(`${init.out}/layout.json`);
      expect(flagOf(argv, '--internal-token-file'), name).toBe(`${init.out}/internal-token`);
      expect(flagOf(argv, '--operator-key-file'), name).toBe(role === 'l1' ? undefined : `${init.out}/keys/operator-${flagOf(argv, '--chain-id')}.key`);
    }
    expect(flagOf(command(coordinator![1]), '--layout')).toBe(`${init.out}/layout.json`);
  });

  it('mounts the volume layout init writes into, read-only, in every service that reads it', () => {
    const initVolume = services['layout-init']!.volumes!.find((v) => v.split(':')[1] === init.out);
    expect(initVolume, 'the init service mounts a volume at its --out').toBeDefined();
    const volume = initVolume!.split(':')[0]!;
    expect(Object.keys(volumes)).toContain(volume);
    for (const [name, s] of running) expect(s.volumes, name).toContain(`${volume}:${init.out}:ro`);
  });

  it('writes the layout only when the volume holds none yet, so a second `up` keeps the nodes\' layout', () => {
    expect(services['layout-init']!.command![0]).toMatch(new RegExp(`^test -f ${init.out}/layout\\.json \\|\\| exec node bin/zkinterop\\.js layout init `));
  });

  it('binds each node to all interfaces at the port its service publishes', () => {
    for (const [name, s] of running) {
      expect(flagOf(command(s), '--host'), name).toBe('0.0.0.0');
      expect(s.ports, name).toEqual([`${portOf(s)}:${portOf(s)}`]);
    }
  });

  it('checks each service\'s health with node on /health at the port it listens on', () => {
    for (const [name, s] of running) expect(s.healthcheck?.test, name).toEqual(['CMD', 'node', 'deploy/healthcheck.mjs', '--port', String(portOf(s))]);
    expect(services.postgres!.healthcheck?.test?.join(' ')).toMatch(/pg_isready/);
  });

  it('names in every URL another service and the port that service listens on', () => {
    for (const [name, s] of running) {
      for (const { flag, url } of urlsOf(s)) {
        expect(services[url.hostname], `${name} ${flag} ${url.href}: no service ${url.hostname}`).toBeDefined();
        expect(Number(url.port), `${name} ${flag} ${url.href}`).toBe(portOf(services[url.hostname]!));
      }
    }
  });

  it('lets each node answer requests addressed to its service name (--allow-host)', () => {
    for (const [name, s] of running) expect(flagOf(command(s), '--allow-host')?.split(','), name).toContain(name);
  });

  it('settles Gateway on the L1 and each chain on Gateway (or the L1 for a chain the layout puts there)', () => {
    for (const [name, s] of nodeServices) {
      const argv = command(s);
      const role = flagOf(argv, '--role');
      const chainId = Number(flagOf(argv, '--chain-id'));
      const expected = role === 'l1' ? undefined : role === 'gateway' ? (init.l1 ? urlOf(serviceOfChain(DEFAULT_L1.chainId)!) : undefined) : init.settlesOnL1.includes(chainId) ? urlOf(serviceOfChain(DEFAULT_L1.chainId)!) : urlOf(serviceOfChain(init.gatewayChainId)!);
      expect(flagOf(argv, '--settlement-layer'), name).toBe(expected);
    }
  });

  it('gives the coordinator every node of the network by chain id, at its service URL', () => {
    const given = flagsOf(command(coordinator![1]), '--node').map((n) => n.split('='));
    expect(Object.fromEntries(given)).toEqual(Object.fromEntries(nodeServices.map(([name, s]) => [flagOf(command(s), '--chain-id'), urlOf(name)])));
  });

  it('forwards the network-wide methods of every node to the coordinator service', () => {
    for (const [name, s] of nodeServices) expect(flagOf(command(s), '--coordinator'), name).toBe(urlOf(coordinator![0]));
  });

  it("stores every node and the coordinator in the compose's PostgreSQL, as its user and in its database", () => {
    const env = services.postgres!.environment!;
    for (const [name, s] of running) {
      const db = new URL(flagOf(command(s), '--db')!);
      expect([db.protocol, db.hostname, db.port, db.username, db.password, db.pathname], name).toEqual(['postgres:', 'postgres', '5432', env.POSTGRES_USER, env.POSTGRES_PASSWORD, `/${env.POSTGRES_DB}`]);
    }
  });

  it('starts a service only once what it calls is healthy and the layout is written', () => {
    for (const [name, s] of running) {
      const needs = new Set(urlsOf(s).filter(({ flag }) => flag !== '--coordinator').map(({ url }) => url.hostname));
      needs.add(new URL(flagOf(command(s), '--db')!).hostname);
      for (const other of needs) expect(s.depends_on?.[other], `${name} depends on ${other}`).toEqual({ condition: 'service_healthy' });
      if (s.volumes?.some((v) => v.endsWith(':ro') && v.includes(init.out))) expect(s.depends_on?.['layout-init'], name).toEqual({ condition: 'service_completed_successfully' });
    }
  });
});
