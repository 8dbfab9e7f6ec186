/**
 * The explorer of `zkinterop up --processes` (issue 16) in a real browser (Chromium through puppeteer-core,
 * test/explorer/browser.ts): the router serves the page and `/network`, and the page reaches every node
 * through the router's proxy, its live blocks over WebSockets relayed to the nodes' processes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Hex } from 'viem';
import { buildExplorer } from '../../scripts/buildExplorer.mjs';
import { RICH_ADDRESS } from '../support/interop.ts';
import { rpc } from '../support/childNetwork.ts';
import { launchBrowser, type TestBrowser } from '../explorer/browser.ts';
import { startProcessUp, tempDir, writeProcessConfig, type ProcessNetworkChild, type ProcessUp } from '../support/processNetwork.ts';

// What the functions run inside the page use of it (the tests' TypeScript has no DOM types).
declare const document: { querySelector(selector: string): { textContent: string | null } | null; querySelectorAll(selector: string): { length: number } };

let net: ProcessNetworkChild;
let browser: TestBrowser;

beforeAll(async () => {
  // The page `up` serves is dist/explorer (built at install): built here so it is this checkout's.
  await buildExplorer();
  net = await startProcessUp(writeProcessConfig(tempDir(), { profile: 'instant' }));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.browser.close();
  expect(await net?.stop(), net?.stderr()).toBe(0);
});

describe('the explorer over the router of a network of processes', () => {
  test('/network answers the config with every node routed and its process', async () => {
    const config = await rpc<ProcessUp>(net.network, 'zkinterop_networkConfig');
    const nodes = [config.l1!, config.gateway, ...config.chains];
    expect(nodes.map((n) => [n.chainId, n.routedUrl])).toEqual([9, 506, 271, 272].map((id) => [id, `${config.routerUrl}/chains/${id}`]));
    expect(config.processes.map((p) => p.chainId).sort((a, b) => a - b)).toEqual([9, 271, 272, 506]);
  });

  test('the network page lists every node live and shows a new block of 271 without a reload', async () => {
    const page = await browser.open(`${net.config.routerUrl}/`);
    await page.waitForSelector('#page-heading');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-chain] .link-live').length === 4);
    const rows = await page.$$eval('tr[data-chain]', (rs) => rs.map((r) => r.getAttribute('data-chain')));
    expect(rows).toEqual(['9', '506', '271', '272']);
    const before = Number(await page.$eval('tr[data-chain="271"] [data-field="block"]', (e) => e.textContent ?? ''));
    await rpc<Hex>(net.routed(271), 'eth_sendTransaction', [{ from: RICH_ADDRESS, to: RICH_ADDRESS, value: '0x1' }]);
    await page.waitForFunction((n) => Number(document.querySelector('tr[data-chain="271"] [data-field="block"]')?.textContent) > n, {}, before);
    expect(browser.errors).toEqual([]);
  });
});
