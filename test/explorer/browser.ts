/**
 * A real browser for the explorer's tests: Debian's `chromium` (installed by .ci/run when missing)
 * driven by puppeteer-core, which never downloads a browser. Collects every console error and page
 * error of the pages it opens, so a test can require there were none.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Where Chromium is looked for: $CHROMIUM_PATH, then Debian's and Ubuntu's names. */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter((p): p is string => !!p);

/**
 * The Chromium executable.
 * @throws Error naming how to install it when there is none
 */
export function chromiumPath(): string {
  const found = CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium for the explorer's browser tests (looked at ${CANDIDATES.join(', ')}): install Debian's package with \`apt-get install -y chromium\` (.ci/run does), or set CHROMIUM_PATH`);
  return found;
}

/** A browser and the errors its pages reported. */
export type TestBrowser = { browser: Browser; errors: string[]; open(url: string, viewport?: { width: number; height: number }): Promise<Page> };

/** Starts headless Chromium (no sandbox: CI runs as root). */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
  });
  const errors: string[] = [];
  return {
    browser,
    errors,
    async open(url, viewport = { width: 1280, height: 800 }) {
      const page = await browser.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url ?? ''})`);
      });
      page.on('pageerror', (error) => errors.push(`page: ${error instanceof Error ? error.message : String(error)}`));
      page.on('requestfailed', (request) => {
        // A WebSocket closed by the test's end is not the page's fault; anything else is.
        if (!request.url().startsWith('ws')) errors.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
      });
      await page.setViewport(viewport);
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      return page;
    },
  };
}
