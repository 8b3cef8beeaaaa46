import { performance } from 'node:perf_hooks';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../tests/support/browser';
import { median, percentile } from './measure';

/**
 * What a user waits for, in Debian's Chromium, on the built app served by the
 * BFF (issue 14): timed inside the page, from the user's pointer-down or Enter
 * (kept in sessionStorage, so a stamp would survive a page load) to the awaited
 * content in the DOM plus one animation frame (painted). Every run is a fresh
 * browser context (empty cache, no cookies) and a fresh IMAP connection.
 */

export type BrowserStep = 'form' | 'signin' | 'open' | 'search';

export const STEP_TITLES: Record<BrowserStep, string> = {
  form: 'sign-in form usable after navigation (empty cache)',
  signin: 'sign in → first rows',
  open: 'open the ~60 KB HTML message (first of the session)',
  search: 'quick search (Enter) → rows',
};

export interface BrowserSize {
  count: number;
  email: string;
  password: string;
  /** Subject of the ~60 KB HTML newsletter among the newest rows. */
  openSubject: string;
  /** Words found in a few subjects each; one per run. */
  searchWords: readonly string[];
}

export interface BrowserResult {
  count: number;
  steps: Record<BrowserStep, number[]>;
  /** Bytes on the wire (headers included, as received) until the first rows, per resource type, one entry per run. */
  wire: Array<Record<string, number>>;
}

/** A person looks at the list before clicking: the app may use that time (it preloads the reader at idle). */
export const THINK_MS = 1000;

/**
 * Runs in every page before its own scripts. pointer-down and Enter stamp the
 * start; __benchWait(kind) resolves with the milliseconds from the stamp to the
 * first animation frame after the awaited content is in the DOM.
 */
const PAGE_SCRIPT = `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const stamp = () => sessionStorage.setItem('bench-start', String(now()));
  addEventListener('pointerdown', stamp, true);
  addEventListener('keydown', (e) => { if (e.key === 'Enter') stamp(); }, true);
  const rows = () => [...document.querySelectorAll('.message-row')];
  const conditions = {
    form: () => {
      const form = document.querySelector('form');
      const button = form && form.querySelector('button[type=submit]');
      return Boolean(button && !button.disabled && form.querySelector('input[type=password]'));
    },
    rows: () => rows().some((row) => !row.classList.contains('is-placeholder')),
    body: () => {
      const frame = document.querySelector('.message-body iframe');
      const body = frame && frame.contentDocument && frame.contentDocument.body;
      return Boolean(body && body.childElementCount > 0 && frame.style.height);
    },
    search: (word) => {
      const all = rows();
      return all.length > 0 && all.every((row) => !row.classList.contains('is-placeholder') && (row.getAttribute('aria-label') || '').toLowerCase().includes(word));
    },
  };
  window.__benchWait = (kind, arg) => new Promise((resolve) => {
    let done = false;
    const check = () => {
      if (done || !conditions[kind](arg)) return;
      done = true;
      observer.disconnect();
      requestAnimationFrame(() => resolve(now() - Number(sessionStorage.getItem('bench-start') || performance.timeOrigin)));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    // The frame's own document is not observed: look at every frame too.
    const poll = () => { if (!done) { check(); requestAnimationFrame(poll); } };
    poll();
  });
  // The form's readiness is timed from navigation start, by itself.
  window.__benchWait('form').then(() => { window.__formReady = performance.now(); });
})();`;

declare global {
  interface Window {
    __benchWait: (kind: 'rows' | 'body' | 'search', arg?: string) => Promise<number>;
    __formReady?: number;
  }
}

/** Bytes received per resource type, from Chromium's own accounting (encoded, headers included). */
async function wireCounter(context: BrowserContext, page: Page): Promise<() => Record<string, number>> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const types = new Map<string, string>();
  const bytes = new Map<string, number>();
  cdp.on('Network.responseReceived', (event) => types.set(event.requestId, event.type.toLowerCase()));
  cdp.on('Network.loadingFinished', (event) => bytes.set(event.requestId, event.encodedDataLength));
  return () => {
    const byType: Record<string, number> = {};
    for (const [id, n] of bytes) {
      const type = types.get(id) ?? 'other';
      byType[type] = (byType[type] ?? 0) + n;
    }
    return byType;
  };
}

async function oneRun(browser: Browser, baseUrl: string, size: BrowserSize, word: string): Promise<{ steps: Record<BrowserStep, number>; wire: Record<string, number> }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(PAGE_SCRIPT);
    const wire = await wireCounter(context, page);
    await page.goto(`${baseUrl}/sign-in`);
    await page.waitForFunction(() => window.__formReady !== undefined);
    const form = await page.evaluate(() => window.__formReady!);

    await page.getByLabel('Email address').fill(size.email);
    await page.getByLabel('Password').fill(size.password);
    const rows = page.evaluate(() => window.__benchWait('rows'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const signin = await rows;
    const wireBytes = wire();

    await page.waitForTimeout(THINK_MS);
    const row = page.locator('.message-row', { hasText: size.openSubject }).first();
    const body = page.evaluate(() => window.__benchWait('body'));
    await row.click();
    const open = await body;

    await page.waitForTimeout(THINK_MS);
    const searchBox = page.getByRole('searchbox', { name: 'Search mail' });
    await searchBox.fill(word);
    const hits = page.evaluate((w) => window.__benchWait('search', w), word.toLowerCase());
    await searchBox.press('Enter');
    const search = await hits;
    return { steps: { form, signin, open, search }, wire: wireBytes };
  } finally {
    await context.close();
  }
}

export async function measureBrowser(
  baseUrl: string,
  sizes: BrowserSize[],
  options: { runs: number; warmups: number; beforeRun: (size: BrowserSize) => Promise<void>; log: (line: string) => void },
): Promise<BrowserResult[]> {
  const browser = await launchChromium();
  const results: BrowserResult[] = [];
  try {
    for (const size of sizes) {
      const result: BrowserResult = { count: size.count, steps: { form: [], signin: [], open: [], search: [] }, wire: [] };
      const started = performance.now();
      for (let run = 0; run < options.warmups + options.runs; run++) {
        await options.beforeRun(size);
        const word = size.searchWords[run % size.searchWords.length]!;
        const { steps, wire } = await oneRun(browser, baseUrl, size, word);
        if (run < options.warmups) continue;
        for (const step of Object.keys(steps) as BrowserStep[]) result.steps[step].push(steps[step]);
        result.wire.push(wire);
      }
      const m = (step: BrowserStep) => median(result.steps[step]).toFixed(0);
      options.log(`browser ${size.count}: form ${m('form')} ms, sign-in → rows ${m('signin')} ms, open ${m('open')} ms, search ${m('search')} ms (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      results.push(result);
    }
  } finally {
    await browser.close();
  }
  return results;
}

export function summarizeSteps(samples: number[]): { median: number; p90: number } {
  return { median: median(samples), p90: percentile(samples, 90) };
}
