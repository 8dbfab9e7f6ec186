/**
 * deploy/k8s/*.yaml are consistent with the CLI, with the compose file's network and with themselves:
 * every container's arguments parse with the CLI's own options, each node's probes ask /health at the
 * port it listens on, each Service reaches its pod at that port, every URL names a Service and its port,
 * and the files a node is told to read are the ones its volumes mount from the ConfigMap and Secret
 * made from `zkinterop layout init` (docs/deploy.md). No cluster runs here: these checks are what can be
 * checked without one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_L1 } from '../../src/network/defaults.ts';
import { composeFile, flagOf, flagsOf, k8sObjects, layoutInitArgs, parseCli, ROOT, type K8sObject } from './deployFiles.ts';

const objects = k8sObjects();
const byKind = (kind: string) => objects.filter((o) => o.object.kind === kind).map((o) => o.object);
const services = new Map(byKind('Service').map((s) => [s.metadata.name, s]));
const secrets = new Map(byKind('Secret').map((s) => [s.metadata.name, s]));
/** The workloads running zkinterop's image (PostgreSQL's aside). */
const workloads = [...byKind('StatefulSet'), ...byKind('Deployment')].filter((w) => containerOf(w).image.startsWith('zkinterop'));
const nodes = workloads.filter((w) => argsOf(w)[0] === 'node');
const coordinator = workloads.find((w) => argsOf(w)[0] === 'coordinator');

type Container = { image: string; args?: string[]; command?: string[]; env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]; ports?: { containerPort: number }[]; readinessProbe?: any; livenessProbe?: any; startupProbe?: any; volumeMounts?: { name: string; mountPath: string }[] };
function containerOf(w: K8sObject): Container {
  return w.spec.template.spec.containers[0];
}
function argsOf(w: K8sObject): string[] {
  return containerOf(w).args ?? [];
}
/** The arguments with each `$(VAR)` replaced as the kubelet does, from the Secret the variable refers to. */
function expandedArgsOf(w: K8sObject): string[] {
  const env = containerOf(w).env ?? [];
  return argsOf(w).map((arg) =>
    arg.replace(/\$\(([A-Z_]+)\)/g, (_, name: string) => {
      const ref = env.find((e) => e.name === name)?.valueFrom?.secretKeyRef;
      if (!ref) throw new Error(`${w.metadata.name}: $(${name}) is not defined by its env`);
      const value = secrets.get(ref.name)?.stringData?.[ref.key];
      if (value === undefined) throw new Error(`${w.metadata.name}: Secret ${ref.name} has no ${ref.key}`);
      return value;
    }),
  );
}
const portOf = (w: K8sObject) => Number(flagOf(argsOf(w), '--port'));
/** Where a file a node is told to read comes from: the volume mounted at its folder, and the item's key. */
function sourceOf(w: K8sObject, file: string): { configMap?: string; secret?: string; key: string } {
  const mount = containerOf(w).volumeMounts?.find((m) => path.dirname(file) === m.mountPath);
  if (!mount) throw new Error(`${w.metadata.name}: nothing is mounted at ${path.dirname(file)} for ${file}`);
  const volume = w.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount.name);
  const name = path.basename(file);
  if (volume.configMap) return { configMap: volume.configMap.name, key: name };
  const item = volume.secret.items?.find((i: { path: string }) => i.path === name);
  if (!item) throw new Error(`${w.metadata.name}: the Secret ${volume.secret.secretName} mounted at ${mount.mountPath} has no item at ${name}`);
  return { secret: volume.secret.secretName, key: item.key };
}

type InitOptions = { chains: number[]; gatewayChainId: number; l1: boolean; settlesOnL1: number[] };
let init: InitOptions;
beforeAll(async () => {
  // The same network as the compose file's: its layout init flags.
  init = (await parseCli(layoutInitArgs(composeFile().services['layout-init']!))).opts as InitOptions;
});

describe('deploy/k8s', () => {
  it('lists every manifest file in kustomization.yaml', () => {
    const kustomization = objects.find((o) => o.file === 'kustomization.yaml')!.object;
    expect([...kustomization.resources!].sort()).toEqual([...new Set(objects.map((o) => o.file))].filter((f) => f !== 'kustomization.yaml').sort());
  });

  it("parses every zkinterop container's arguments with the CLI's own options", async () => {
    expect(coordinator, 'a workload running `zkinterop coordinator`').toBeDefined();
    for (const w of workloads) {
      const parsed = await parseCli(expandedArgsOf(w)).catch((e: Error) => {
        throw new Error(`${w.metadata.name}: ${e.message}`);
      });
      expect(parsed.command).toEqual([argsOf(w)[0]]);
    }
  });

  it('runs one node per node of the layout, each as a StatefulSet of one replica', () => {
    const run = nodes.map((w) => [flagOf(argsOf(w), '--role'), Number(flagOf(argsOf(w), '--chain-id'))]);
    const expected = [...(init.l1 ? [['l1', DEFAULT_L1.chainId]] : []), ['gateway', init.gatewayChainId], ...init.chains.map((id) => ['chain', id])];
    expect(run.sort()).toEqual(expected.sort());
    for (const w of nodes) expect([w.kind, w.spec.replicas], w.metadata.name).toEqual(['StatefulSet', 1]);
    expect([coordinator!.kind, coordinator!.spec.replicas, coordinator!.spec.strategy?.type]).toEqual(['Deployment', 1, 'Recreate']);
  });

  it('probes each node on /health at the port it listens on and declares', () => {
    for (const w of workloads) {
      const c = containerOf(w);
      expect(c.ports?.map((p) => p.containerPort), w.metadata.name).toEqual([portOf(w)]);
      for (const probe of [c.readinessProbe, c.livenessProbe, ...(c.startupProbe ? [c.startupProbe] : [])]) expect(probe?.httpGet, w.metadata.name).toEqual({ path: '/health', port: portOf(w) });
    }
  });

  it('has a Service per workload that selects its pods and reaches them at their port', () => {
    for (const w of workloads) {
      const service = services.get(w.metadata.name);
      expect(service, `Service ${w.metadata.name}`).toBeDefined();
      expect(w.spec.template.metadata.labels).toMatchObject(service!.spec.selector);
      expect(service!.spec.ports.map((p: { port: number; targetPort: number }) => [p.port, p.targetPort])).toEqual([[portOf(w), portOf(w)]]);
    }
  });

  it('names in every URL a Service and its port, and lets each node answer its Service name', () => {
    for (const w of workloads) {
      const argv = argsOf(w);
      const urls = [...['--settlement-layer', '--gateway', '--coordinator'].flatMap((f) => flagsOf(argv, f)), ...flagsOf(argv, '--node').map((n) => n.slice(n.indexOf('=') + 1))];
      for (const url of urls.map((u) => new URL(u))) {
        expect(services.get(url.hostname)?.spec.ports[0].port, `${w.metadata.name}: ${url.href}`).toBe(Number(url.port));
      }
      expect(flagOf(argv, '--allow-host')?.split(','), w.metadata.name).toContain(w.metadata.name);
      expect(flagOf(argv, '--host'), w.metadata.name).toBe('0.0.0.0');
    }
  });

  it('settles Gateway on the L1 and the chains on Gateway, as the layout says', () => {
    const urlOfChain = (id: number) => {
      const w = nodes.find((n) => Number(flagOf(argsOf(n), '--chain-id')) === id)!;
      return `http://${w.metadata.name}:${portOf(w)}`;
    };
    for (const w of nodes) {
      const role = flagOf(argsOf(w), '--role');
      const id = Number(flagOf(argsOf(w), '--chain-id'));
      const expected = role === 'l1' ? undefined : role === 'gateway' ? (init.l1 ? urlOfChain(DEFAULT_L1.chainId) : undefined) : urlOfChain(init.settlesOnL1.includes(id) ? DEFAULT_L1.chainId : init.gatewayChainId);
      expect(flagOf(argsOf(w), '--settlement-layer'), w.metadata.name).toBe(expected);
    }
  });

  it('mounts for each node the layout from the ConfigMap, and from the Secret only its own operator key and the token', () => {
    for (const w of workloads) {
      const argv = argsOf(w);
      expect(sourceOf(w, flagOf(argv, '--layout')!), w.metadata.name).toEqual({ configMap: 'zkinterop-layout', key: 'layout.json' });
      expect(sourceOf(w, flagOf(argv, '--internal-token-file')!), w.metadata.name).toEqual({ secret: 'zkinterop-keys', key: 'internal-token' });
      const keyFile = flagOf(argv, '--operator-key-file');
      const role = flagOf(argv, '--role');
      if (role === 'gateway' || role === 'chain') expect(sourceOf(w, keyFile!), w.metadata.name).toEqual({ secret: 'zkinterop-keys', key: `operator-${flagOf(argv, '--chain-id')}.key` });
      else expect(keyFile, w.metadata.name).toBeUndefined();
      const items = w.spec.template.spec.volumes.flatMap((v: any) => v.secret?.items ?? []).map((i: { key: string }) => i.key);
      const own = role === 'l1' || role === undefined ? [] : [`operator-${flagOf(argv, '--chain-id')}.key`];
      expect(items.filter((k: string) => k.startsWith('operator-')), w.metadata.name).toEqual(own);
    }
  });

  it('runs every pod as a non-root user', () => {
    for (const w of workloads) {
      const security = w.spec.template.spec.securityContext;
      expect(security?.runAsNonRoot, w.metadata.name).toBe(true);
      expect(security?.runAsUser, w.metadata.name).toBeGreaterThan(0);
    }
  });

  it('waits before each start for PostgreSQL and for every node it settles on', () => {
    for (const w of workloads) {
      const wait = w.spec.template.spec.initContainers?.[0]?.command as string[] | undefined;
      expect(wait?.slice(0, 3), w.metadata.name).toEqual(['node', 'deploy/healthcheck.mjs', '--wait']);
      const db = new URL(expandedArgsOf(w)[argsOf(w).indexOf('--db') + 1]!);
      const needs = [`tcp://${db.hostname}:${db.port}`, ...flagsOf(argsOf(w), '--settlement-layer'), ...flagsOf(argsOf(w), '--node').map((n) => n.slice(n.indexOf('=') + 1))];
      expect(wait!.slice(3).sort(), w.metadata.name).toEqual(needs.sort());
    }
  });

  it('documents in docs/deploy.md the kubectl commands that create the ConfigMap and the Secret the pods mount', () => {
    const docs = readFileSync(path.join(ROOT, 'docs', 'deploy.md'), 'utf8');
    expect(docs).toMatch(/kubectl -n zkinterop create configmap zkinterop-layout --from-file=layout\.json=/);
    expect(docs).toMatch(/kubectl -n zkinterop create secret generic zkinterop-keys /);
    expect(docs).toContain('--from-file=internal-token=');
  });
});
