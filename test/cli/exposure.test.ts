/** What `up --host` exposes: the addresses, every endpoint's URLs there, and the warning. */
import type os from 'node:os';
import { describe, expect, test } from 'vitest';
import { exposedEndpoints, exposureOf, exposureWarning, urlsAt, type EndpointsConfig, type Interfaces } from '../../src/cli/exposure.ts';

function nic(address: string, family: 'IPv4' | 'IPv6', internal = false, scopeid = 0): os.NetworkInterfaceInfo {
  return { address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid } : {}) } as os.NetworkInterfaceInfo;
}

const INTERFACES: Interfaces = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('192.168.1.20', 'IPv4'), nic('2001:db8::20', 'IPv6'), nic('fe80::20', 'IPv6', false, 2)],
  wlan0: [nic('10.0.0.5', 'IPv4')],
};

const CONFIG: EndpointsConfig = {
  gateway: { chainId: 506, role: 'gateway', rpcUrl: 'http://127.0.0.1:3150', wsUrl: 'ws://127.0.0.1:3150' },
  chains: [{ chainId: 271, role: 'chain', rpcUrl: 'http://127.0.0.1:3050', wsUrl: 'ws://127.0.0.1:3050' }],
  routerUrl: 'http://127.0.0.1:3000',
};

describe('exposureOf', () => {
  test('binding 127.0.0.1 exposes nothing', () => {
    expect(exposureOf('127.0.0.1', INTERFACES)).toEqual({ host: '127.0.0.1', exposed: false, addresses: ['127.0.0.1'], remoteAddresses: [] });
  });

  test('binding 0.0.0.0 lists the non-internal IPv4 addresses, then 127.0.0.1', () => {
    expect(exposureOf('0.0.0.0', INTERFACES)).toEqual({ host: '0.0.0.0', exposed: true, addresses: ['192.168.1.20', '10.0.0.5', '127.0.0.1'], remoteAddresses: ['192.168.1.20', '10.0.0.5'] });
  });

  test('binding :: also lists global IPv6 addresses, not link-local ones', () => {
    expect(exposureOf('::', INTERFACES).remoteAddresses).toEqual(['192.168.1.20', '2001:db8::20', '10.0.0.5']);
  });

  test('binding one non-loopback address lists that address only', () => {
    expect(exposureOf('192.168.1.20', INTERFACES)).toEqual({ host: '192.168.1.20', exposed: true, addresses: ['192.168.1.20'], remoteAddresses: ['192.168.1.20'] });
  });
});

describe('URLs', () => {
  test('urlsAt keeps scheme, port and path and brackets IPv6 addresses', () => {
    expect(urlsAt('http://127.0.0.1:3000/chains/271', ['192.168.1.20', '2001:db8::20'])).toEqual(['http://192.168.1.20:3000/chains/271', 'http://[2001:db8::20]:3000/chains/271']);
  });

  test('exposedEndpoints gives every node and the router at each address', () => {
    const endpoints = exposedEndpoints(CONFIG, exposureOf('0.0.0.0', INTERFACES));
    expect(endpoints.nodes[1]).toEqual({
      chainId: 271,
      role: 'chain',
      rpcUrls: ['http://192.168.1.20:3050', 'http://10.0.0.5:3050', 'http://127.0.0.1:3050'],
      wsUrls: ['ws://192.168.1.20:3050', 'ws://10.0.0.5:3050', 'ws://127.0.0.1:3050'],
    });
    expect(endpoints.routerUrls).toEqual(['http://192.168.1.20:3000', 'http://10.0.0.5:3000', 'http://127.0.0.1:3000']);
  });
});

describe('exposureWarning', () => {
  test('binding loopback warns of nothing', () => {
    expect(exposureWarning({ exposure: exposureOf('127.0.0.1', INTERFACES), config: CONFIG, devAccounts: 20, faults: 'off' })).toBeUndefined();
  });

  test('binding 0.0.0.0 names the dev accounts, eth_sendTransaction, the admin methods and every URL other machines use', () => {
    const warning = exposureWarning({ exposure: exposureOf('0.0.0.0', INTERFACES), config: CONFIG, devAccounts: 20, faults: 'off' })!;
    expect(warning).toMatch(/^WARNING: --host 0\.0\.0\.0/);
    for (const text of ['20 funded dev accounts', 'eth_sendTransaction', 'zkinterop_snapshot', 'zkinterop_revert', 'zkinterop_addChain', 'http://192.168.1.20:3050', 'http://10.0.0.5:3150', 'http://192.168.1.20:3000']) expect(warning).toContain(text);
    expect(warning).not.toContain('http://127.0.0.1');
    expect(warning).not.toContain('fault injection');
  });

  test('with --dev the warning also names fault injection', () => {
    expect(exposureWarning({ exposure: exposureOf('0.0.0.0', INTERFACES), config: CONFIG, devAccounts: 20, faults: 'open' })).toContain('fault injection (--dev)');
  });
});
