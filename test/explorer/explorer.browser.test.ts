/**
 * The explorer in a real browser (Chromium through puppeteer-core; test/explorer/browser.ts) against a
 * running network with its L1: the network page live, a message clicked through to "verified: true" on
 * another chain, bundles (executed, and failed with its reason and trace) relayed by the network, a fault
 * on a message's timeline, a new block arriving without a reload, search, keyboard use, accessible names,
 * a narrow window, and no console error on any page. Screenshots go to a temporary folder (EXPLORER_SCREENSHOTS=<dir> writes
 * them there instead; docs/explorer-*.png were made so).
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import type { Hex } from 'viem';
import { startNetwork, type Network } from '../../src/network/network.ts';
import { buildExplorer } from '../../scripts/buildExplorer.mjs';
import { RICH_ADDRESS, sendMessage, type SentMessage } from '../support/interop.ts';
import { pollUntil } from '../support/poll.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { getAddress, toHex, type Address } from 'viem';
import type { BundleLifecycle, MessageLifecycle } from '../../src/wire/types.ts';
import { bundleReceiverBytecode } from '../../src/contracts/index.ts';
import { sendBundle, sendTx, type Sent } from '../support/bundles.ts';

// What the functions run inside the page (page.waitForFunction / evaluate) use of it: the tests'
// TypeScript has no DOM types (tsconfig lib ES2022), so these few are declared for this file only.
type PageElement = { textContent: string | null; id: string } | null;
declare const document: {
  querySelector(selector: string): PageElement;
  querySelectorAll(selector: string): { length: number };
  body: { textContent: string | null };
  activeElement: PageElement;
  documentElement: { scrollWidth: number };
};
declare const location: { hash: string };
declare const window: Record<string, unknown>;

/**
 * Runs in the page: every element with its own visible text whose colour against the first opaque
 * background behind it has a WCAG contrast ratio under 4.5 (as `tag "text" ratio`). A string, so the
 * tests' TypeScript (no DOM types) passes it through untouched.
 */
const LOW_CONTRAST_TEXT = `(() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c; } return rgb(getComputedStyle(document.documentElement).backgroundColor).length >= 3 ? rgb(getComputedStyle(document.documentElement).backgroundColor) : [255, 255, 255]; };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim()).join(' ');
    if (!own || el.getClientRects().length === 0 || el.closest('.visually-hidden')) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) out.push(el.tagName.toLowerCase() + ' "' + own.slice(0, 30) + '" ' + ratio.toFixed(2));
  }
  return out;
})()`;

let net: Network;
let browser: TestBrowser;
let dir: string;
let shots: string;
let sent: SentMessage;
let messageHash: Hex;
let executedBundle: Sent;
let failedBundle: Sent;

/** A page of the explorer at `hash` (`#/chain/271`), once its heading is there. */
async function openPage(hash = '#/', viewport?: { width: number; height: number }): Promise<Page> {
  const page = await browser.open(`${net.routerUrl}/${hash}`, viewport);
  await page.waitForSelector('#page-heading');
  return page;
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `explorer-${name}.png`), fullPage: true });
}

/** Text of the first element matching `selector`. */
function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (e) => e.textContent ?? '');
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'zkinterop-explorer-browser-'));
  shots = process.env.EXPLORER_SCREENSHOTS ? path.resolve(process.env.EXPLORER_SCREENSHOTS) : path.join(dir, 'screenshots');
  mkdirSync(shots, { recursive: true });
  await buildExplorer(path.join(dir, 'explorer'));
  net = await startNetwork({
    gateway: { chainId: 506, port: 0 },
    l1: { port: 0 },
    chains: [{ chainId: 271, port: 0 }, { chainId: 272, port: 0 }],
    profile: 'instant',
    dev: true,
    routerPort: 0,
    explorer: { dir: path.join(dir, 'explorer') },
    onError: () => undefined,
  });
  sent = await sendMessage(net.chains[0]!, 'hello from 271');
  const lifecycle = await pollUntil(async () => {
    const m = await net.chains[0]!.client.request<MessageLifecycle | null>('zkinterop_getMessageLifecycle', [sent.txHash]);
    return m?.gatewayBlockNumber != null ? m : undefined;
  }, { what: 'the message to execute on Gateway' });
  messageHash = lifecycle.messageHash;
  await pollUntil(() => net.chains[1]!.client.request('zkinterop_getImportedRoot', [506, lifecycle.gatewayBlockNumber]), { what: "chain 272 to import the message's root" });
  // Two bundles 271 → 272, executed by the network's relayer: one that lands, one whose second call reverts.
  const receiver: Address = getAddress((await sendTx(net.node(272), { from: RICH_ADDRESS, data: bundleReceiverBytecode })).contractAddress!);
  const bundle = (data: string[]) => sendBundle(net.node(271), 272, data.map((d) => ({ to: receiver, data: toHex(d) })), { from: RICH_ADDRESS });
  executedBundle = await bundle(['to the explorer']);
  failedBundle = await bundle(['kept', 'fail']);
  for (const [sentBundle, stage] of [[executedBundle, 'executed'], [failedBundle, 'failed']] as const) {
    await pollUntil(async () => (await net.node(271).client.request<BundleLifecycle | null>('zkinterop_getBundle', [sentBundle.hash]))?.stage === stage, { what: `bundle ${sentBundle.hash} to be ${stage}` });
  }
  browser = await launchBrowser();
});

afterEach(() => {
  const errors = browser?.errors.splice(0) ?? [];
  expect(errors, 'console errors on the pages of this test').toEqual([]);
});

afterAll(async () => {
  await browser?.browser.close();
  await net?.stop();
  if (!process.env.EXPLORER_SCREENSHOTS) rmSync(dir, { recursive: true, force: true });
});

describe('the network page', () => {
  test('lists the L1, Gateway and both chains, each with a live WebSocket', async () => {
    const page = await openPage();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-chain] .link-live').length === 4);
    const rows = await page.$$eval('tr[data-chain]', (rs) => rs.map((r) => r.getAttribute('data-chain')));
    expect(rows).toEqual(['9', '506', '271', '272']);
    await page.waitForFunction(() => document.body.textContent!.includes('Newest messages') && document.querySelectorAll('table').length >= 2);
    // 1280 × 800: the page and the nodes table fit, no sideways scrolling.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(await page.$eval('.table-wrap', (wrap) => wrap.scrollWidth - wrap.clientWidth)).toBeLessThanOrEqual(0);
    await shoot(page, 'network');
  });

  test('shows a new block of chain 271 when it arrives, without reloading', async () => {
    const page = await openPage();
    await page.waitForFunction(() => document.querySelector('tr[data-chain="271"] .link-live') !== null);
    await page.evaluate(() => (window.stillHere = true));
    const before = Number(await textOf(page, 'tr[data-chain="271"] [data-field="block"]'));
    await net.chains[0]!.client.request('eth_sendTransaction', [{ from: RICH_ADDRESS, to: RICH_ADDRESS, value: '0x1' }]);
    await page.waitForFunction((n) => Number(document.querySelector('tr[data-chain="271"] [data-field="block"]')?.textContent) > n, {}, before);
    expect(await page.evaluate(() => window.stillHere)).toBe(true);
  });
});

describe('a message', () => {
  test('is reached from the network page, shows its lifecycle across chains and verifies true on chain 272', async () => {
    const page = await openPage();
    const link = await page.waitForSelector(`a[aria-label="${messageHash}"]`);
    await Promise.all([page.waitForFunction(() => location.hash.startsWith('#/message/271/')), link!.click()]);
    await page.waitForSelector('li[data-step="executed"]');
    await page.waitForSelector('li[data-step="executedOnL1"]');
    expect(await page.$$eval('.tl-import', (items) => items.map((i) => i.textContent))).toEqual([expect.stringContaining('chain 272')]);
    await page.click('li[data-target="272"] button');
    await page.waitForFunction(() => document.querySelector('li[data-target="272"] .verdict')?.textContent?.includes('verified: true'));
    const words = await page.$$eval('#proof-heading ~ .table-wrap tbody tr', (rows) => rows.length);
    expect(words).toBeGreaterThan(16);
    await shoot(page, 'message');
  });
});

describe('bundles', () => {
  test('a bundle is reached from the network page and shows its lifecycle from 271 through Gateway to executed on 272', async () => {
    const page = await openPage();
    const link = await page.waitForSelector(`a[aria-label="${executedBundle.hash}"]`);
    await Promise.all([page.waitForFunction(() => location.hash.startsWith('#/bundle/')), link!.click()]);
    await page.waitForSelector('li[data-step="executed"]');
    const steps = await page.$$eval('ol.timeline > li', (items) => items.map((i) => i.getAttribute('data-step')));
    expect(steps).toEqual(['sent', 'settled', 'rootImported', 'verified', 'executed']);
    await shoot(page, 'bundle');
  });

  test('a failed bundle shows its revert reason, the failing call and its call trace', async () => {
    const page = await openPage(`#/bundle/${failedBundle.hash}`);
    await page.waitForSelector('#failure-heading');
    const text = await textOf(page, 'main');
    expect(text).toContain('Refused');
    expect(await page.$$eval('tr.failed-row', (rows) => rows.length)).toBe(1);
    expect(await page.$$eval('ul.trace li', (frames) => frames.length)).toBeGreaterThan(0);
  });

  test('search by a bundle hash opens the bundle', async () => {
    const page = await openPage();
    await page.type('#search', failedBundle.hash);
    await page.keyboard.press('Enter');
    await page.waitForFunction((hash) => location.hash === `#/bundle/${hash}`, {}, failedBundle.hash.toLowerCase());
  });
});

describe('faults', () => {
  test('Gateway paused and resumed while a message travels shows on its timeline, in time order with its steps', async () => {
    const traveller = await sendMessage(net.chains[0]!, 'through a pause');
    await net.chains[0]!.client.request('zkinterop_pauseGateway');
    await new Promise((r) => setTimeout(r, 200));
    await net.chains[0]!.client.request('zkinterop_resumeGateway');
    await pollUntil(async () => (await net.chains[0]!.client.request<MessageLifecycle | null>('zkinterop_getMessageLifecycle', [traveller.txHash]))?.gatewayBlockNumber != null, { what: 'the message to execute after the pause' });
    const page = await openPage(`#/message/271/${traveller.txHash}`);
    await page.waitForFunction(() => document.querySelectorAll('.tl-fault').length >= 2);
    const timeline = await page.$$eval('ol.timeline > li', (items) => items.map((i) => i.querySelector('strong')?.textContent ?? ''));
    expect(timeline.indexOf('⚡ fault: gatewayPaused')).toBeGreaterThan(timeline.indexOf('sent'));
    expect(timeline.indexOf('⚡ fault: gatewayResumed')).toBeGreaterThan(timeline.indexOf('⚡ fault: gatewayPaused'));
    const network = await openPage('#/');
    await network.waitForFunction(() => document.body.textContent!.includes('gatewayResumed'));
  });
});

describe('a message page, live', () => {
  test('lists the steps still to come as waiting, and fills them in as they happen, without a reload', async () => {
    await net.chains[0]!.client.request('zkinterop_killSettlement', [271]);
    const waiting = await sendMessage(net.chains[0]!, 'held back');
    await pollUntil(async () => (await net.chains[0]!.client.request<MessageLifecycle | null>('zkinterop_getMessageLifecycle', [waiting.txHash]))?.stage === 'sealed', { what: 'the message to be sealed' });
    const page = await openPage(`#/message/271/${waiting.txHash}`);
    await page.waitForSelector('li[data-pending="committed"]');
    expect(await page.$$eval('li[data-pending]', (items) => items.map((i) => i.getAttribute('data-pending')))).toEqual(['committed', 'proved', 'executed', 'committedOnL1', 'provedOnL1', 'executedOnL1', 'root imported on chain 272']);
    await net.chains[0]!.client.request('zkinterop_restartSettlement', [271]);
    await page.waitForFunction(() => document.querySelectorAll('li[data-pending]').length === 0);
    await page.waitForSelector('li[data-step="executedOnL1"]');
  });
});

describe('search', () => {
  async function search(page: Page, query: string): Promise<void> {
    await page.click('#search');
    await page.type('#search', query);
    await page.keyboard.press('Enter');
  }

  test('a transaction hash opens that transaction', async () => {
    const page = await openPage();
    await search(page, sent.txHash);
    await page.waitForFunction((hash) => location.hash === `#/tx/271/${hash}`, {}, sent.txHash.toLowerCase());
    await page.waitForFunction(() => document.body.textContent!.includes('Interop messages sent'));
  });

  test('a message hash opens that message', async () => {
    const page = await openPage();
    await search(page, messageHash);
    await page.waitForFunction(() => location.hash.startsWith('#/message/271/'));
    await page.waitForSelector('li[data-step="sent"]');
  });

  test('a block number lists that block on every node', async () => {
    const page = await openPage();
    await search(page, '1');
    await page.waitForSelector('ul.hits');
    const hits = await page.$$eval('ul.hits a', (as) => as.map((a) => a.textContent));
    expect(hits).toEqual(expect.arrayContaining(['Block 1 of chain 271', 'Block 1 of Gateway 506', 'Block 1 of L1 9', 'Batch 1 of chain 271']));
  });

  test('an address opens its page with its balance on every node', async () => {
    const page = await openPage();
    await search(page, RICH_ADDRESS);
    await page.waitForFunction(() => location.hash.startsWith('#/address/'));
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 4 && document.body.textContent!.includes('ETH'));
  });
});

describe('keyboard', () => {
  test('Tab first reaches the skip link, "/" focuses search, and Enter on a focused link opens its page', async () => {
    const page = await openPage();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.focus('nav[aria-label="Nodes"] a');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/chain/9');
    // The new page's heading has focus, so a screen reader announces it.
    await page.waitForFunction(() => document.activeElement?.id === 'page-heading');
  });
});

describe('every page', () => {
  test.each([
    ['chain', '#/chain/271', 'Transactions of these blocks'],
    ['gateway', '#/chain/506', 'MessageRoot trees'],
    ['block', '#/block/271/1', 'Transactions'],
    ['batch', '#/batch/271/1', 'Execute'],
    ['L1', '#/chain/9', 'Blocks'],
  ])('the %s page renders its sections', async (name, hash, text) => {
    const page = await openPage(hash);
    await page.waitForFunction((t) => document.body.textContent!.includes(t) && !document.querySelector('.loading'), {}, text);
    if (name === 'gateway') await shoot(page, 'gateway');
  });

  test('a batch page links its settlement transactions on Gateway, and that page shows the transaction', async () => {
    const page = await openPage(`#/batch/271/${sent.batchNumber}`);
    const link = await page.waitForSelector('a[href^="#/tx/506/"]');
    await Promise.all([page.waitForFunction(() => location.hash.startsWith('#/tx/506/')), link!.click()]);
    await page.waitForFunction(() => document.body.textContent!.includes('success'));
  });

  test('every button, link and field of a message page has an accessible name, and every table a caption', async () => {
    const page = await openPage(`#/message/271/${sent.txHash}`);
    await page.waitForSelector('li[data-step="executed"]');
    const unnamed = await page.$$eval('button, a, input', (controls) =>
      controls
        .filter((c) => {
          const labelled = c.getAttribute('aria-label') || c.textContent?.trim() || (c.id && document.querySelector(`label[for="${c.id}"]`));
          return !labelled;
        })
        .map((c) => c.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    expect(await page.$$eval('table', (tables) => tables.filter((t) => !t.querySelector('caption')?.textContent).length)).toBe(0);
  });

  test.each(['light', 'dark'] as const)('text on the message page has a contrast of at least 4.5:1 against its background in the %s scheme', async (scheme) => {
    const page = await browser.open('about:blank');
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
    await page.goto(`${net.routerUrl}/#/message/271/${sent.txHash}`);
    await page.waitForSelector('li[data-step="executed"]');
    const failures = await page.evaluate(LOW_CONTRAST_TEXT);
    expect(failures).toEqual([]);
  });

  test('a narrow window (390 px) keeps the page within its width: wide tables scroll inside their box', async () => {
    const page = await openPage(`#/message/271/${sent.txHash}`, { width: 390, height: 844 });
    await page.waitForSelector('li[data-step="executed"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shoot(page, 'narrow');
  });
});

// Last: it changes the network every test above counts on.
describe('a chain added at runtime', () => {
  test('appears on the open network page with its own live connection, without a reload', async () => {
    const page = await openPage();
    await page.waitForFunction(() => document.querySelectorAll('tr[data-chain] .link-live').length === 4);
    await net.chains[0]!.client.request('zkinterop_addChain', [{ chainId: 273, port: 0 }]);
    await page.waitForFunction(() => document.querySelector('tr[data-chain="273"] .link-live') !== null);
    expect(await textOf(page, 'nav[aria-label="Nodes"]')).toContain('chain 273');
  });
});
