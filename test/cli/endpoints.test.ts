/** Where the client commands look for endpoints: up's default ports and the --config file. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRpcUrl, readEndpointsFile, urlOf } from '../../src/cli/endpoints.ts';
import { InvalidArgumentError } from '../../src/errors.ts';

async function fileWith(content: string): Promise<string> {
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'zkinterop-endpoints-')), 'network.json');
  await writeFile(file, content);
  return file;
}

describe('defaultRpcUrl', () => {
  it('gives up’s ports: 271 on 3050, Gateway on 3150, then 3250, 3350, …', () => {
    expect([271, 506, 272, 273].map(defaultRpcUrl)).toEqual(['http://127.0.0.1:3050', 'http://127.0.0.1:3150', 'http://127.0.0.1:3250', 'http://127.0.0.1:3350']);
  });

  it('refuses a chain id outside up’s layout as an invalid argument', () => {
    expect(() => defaultRpcUrl(1)).toThrow(InvalidArgumentError);
  });
});

describe('readEndpointsFile', () => {
  it('reads Gateway and the chains from what up --config-out writes', async () => {
    const file = await fileWith(JSON.stringify({ mode: 'auto', gateway: { chainId: 506, rpcUrl: 'http://h:1' }, chains: [{ chainId: 271, rpcUrl: 'http://h:2' }] }));
    const endpoints = await readEndpointsFile(file);
    expect(endpoints.gatewayChainId).toBe(506);
    expect(urlOf(endpoints, 271)).toBe('http://h:2');
  });

  it('names the chains it has when asked for one it does not', async () => {
    const endpoints = await readEndpointsFile(await fileWith(JSON.stringify({ gateway: { chainId: 506, rpcUrl: 'http://h:1' }, chains: [] })));
    expect(() => urlOf(endpoints, 272)).toThrow(/chain 272 is not part of the network in --config; its chains are 506/);
  });

  it('rejects a file that is not a network description', async () => {
    await expect(readEndpointsFile(await fileWith('{"chains": 3}'))).rejects.toThrow(/not a network description/);
  });

  it('rejects a missing file as an invalid argument', async () => {
    await expect(readEndpointsFile('/nonexistent/network.json')).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
