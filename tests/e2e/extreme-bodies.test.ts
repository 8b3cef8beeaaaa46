import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { createTestUser, imapClient, REPO_DIR, type TestUser } from '../support/stack';

/** The contract (#13 item 9): the first screen of any body within 1 s of the click. */
const FIRST_SCREEN_MS = 1000;
/** A page that still answers runs a trivial script at once; a frozen one does not. */
const ANSWERS_WITHIN_MS = 300;

interface ExtremeMessage {
  subject: string;
  contentType: string;
  body: string;
  /** Text at the start of the body that the user must see first. */
  firstText: string;
}

function rawMessage(to: string, message: ExtremeMessage, date: Date): string {
  return [
    'From: Extreme Sender <extreme@mt-example.com>',
    `To: ${to}`,
    `Subject: ${message.subject}`,
    `Date: ${date.toUTCString()}`,
    'MIME-Version: 1.0',
    `Content-Type: ${message.contentType}`,
    'Content-Transfer-Encoding: 8bit',
    '',
    message.body,
  ].join('\r\n');
}

// Shapes that each defeated one part of the pipeline before (measured in Chromium):
// a megabyte-long line of dotted words made the linkifier try an address at every
// dot; closing parentheses made its trimming quadratic; a 1 MB line took seconds
// of layout; 100,000 lines took seconds in the BFF's MIME parser (patches/); 100,000 nested elements made Chromium's parser quadratic.
const MESSAGES: ExtremeMessage[] = [
  {
    subject: 'One line of a megabyte',
    contentType: 'text/plain; charset=utf-8',
    firstText: 'Start of the long line',
    body: `Start of the long line ${'a.b-c.'.repeat(140_000)}https://tern.example/x${')'.repeat(100_000)}\r\n`,
  },
  {
    subject: 'A hundred thousand lines',
    contentType: 'text/plain; charset=utf-8',
    firstText: 'Line 0 of many',
    body: Array.from({ length: 100_000 }, (_, index) => `Line ${index} of many`).join('\r\n'),
  },
  {
    subject: 'Deeply nested HTML',
    contentType: 'text/html; charset=utf-8',
    firstText: 'Top of the deep page',
    body: `<html><body><p>Top of the deep page</p>${'<div><span>'.repeat(50_000)}deep inside${'</span></div>'.repeat(50_000)}</body></html>`,
  },
];

/** Clicks the row inside the page and times, with the page's own clock, until the text is in the DOM and a frame has followed. */
async function timeToFirstText(page: Page, rowName: string, text: string): Promise<number> {
  const row = page.getByRole('option', { name: new RegExp(rowName) });
  await row.waitFor();
  const handle = await row.elementHandle();
  return page.evaluate(
    ([element, wanted]) =>
      new Promise<number>((resolve) => {
        const bodyHolds = () => {
          const body = document.querySelector('.message-body');
          if (body?.textContent?.includes(wanted)) return true;
          const frame = body?.querySelector('iframe');
          return frame?.contentDocument?.body?.textContent?.includes(wanted) ?? false;
        };
        const start = performance.now();
        const check = () => {
          // Two frames later the text has been laid out and painted.
          if (bodyHolds()) requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
          else requestAnimationFrame(check);
        };
        (element as HTMLElement).click();
        requestAnimationFrame(check);
      }),
    [handle, text] as const,
  );
}

async function answers(page: Page): Promise<number> {
  const start = Date.now();
  await page.evaluate(() => 1 + 1);
  return Date.now() - start;
}

describe('opening messages of extreme shape in Chromium', () => {
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO_DIR, 'dist/web/index.html'))) throw new Error('dist/web is not built: `npm test` builds it first (or run `npx vite build`)');
    bff = await startBff();
    user = await createTestUser('extreme');
    const imap = await imapClient(user);
    const base = Date.UTC(2026, 0, 1);
    for (const [index, message] of MESSAGES.entries()) {
      await imap.append('INBOX', rawMessage(user.email, message, new Date(base + index * 60_000)), ['\\Seen']);
    }
    await imap.logout();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  it.each(MESSAGES)('$subject: first text within 1 s of the click, and the page still answers', async (message) => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 820 } });
    const page = await context.newPage();
    await signInThroughPage(page, bff.url, user);
    const elapsed = await timeToFirstText(page, message.subject, message.firstText);
    expect(elapsed).toBeLessThan(FIRST_SCREEN_MS);
    expect(await answers(page)).toBeLessThan(ANSWERS_WITHIN_MS);
    await context.close();
  });
});
