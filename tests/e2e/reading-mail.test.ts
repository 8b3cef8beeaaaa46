import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { createTestUser, deliver, imapClient, REPO_DIR, type TestUser } from '../support/stack';

const XSS_CORPUS = path.resolve(REPO_DIR, '../shared/corpora/xss');
const xssPresent = fs.existsSync(XSS_CORPUS);
const REMOTE_IMAGE = 'http://images.example.invalid/newsletter/banner.png';

interface Vector {
  id: string;
  payload: string;
}

/** Every request the page makes that does not go to Tern itself. */
function watchForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !/^(data|blob|about):/.test(url)) foreign.push(url);
  });
  return foreign;
}

describe('reading mail in Chromium', () => {
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;
  const attachmentBytes = randomBytes(150_000);

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO_DIR, 'dist/web/index.html'))) throw new Error('dist/web is not built: `npm test` builds it first (or run `npx vite build`)');
    bff = await startBff();
    user = await createTestUser('e2e');
    await deliver(user.email, {
      from: 'Tern Weekly <news@mt-example.com>',
      subject: 'Your weekly digest',
      html: `<h1 style="color:#1f5fbf">This week</h1><p>Three things worth reading.</p><img src="${REMOTE_IMAGE}" alt="banner"><p><a href="https://tern.example/read">Read more</a></p>`,
    });
    await deliver(user.email, {
      from: 'Ada Lovelace <ada@mt-example.com>',
      subject: 'Quarterly report',
      text: 'Hi Joy,\n\nthe report is attached. Details at https://tern.example/q3\n\nAda',
      attachments: [{ filename: 'Bericht Q3 – März.pdf', content: attachmentBytes, contentType: 'application/pdf' }],
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  it('signs in, shows folders and list, keeps remote images back until asked, downloads an attachment, signs out', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 820 } });
    const page = await context.newPage();
    const foreign = watchForeignRequests(page, bff.url);
    await signInThroughPage(page, bff.url, user);

    await expect.poll(() => page.getByRole('treeitem', { name: 'Inbox (2)' }).count()).toBe(1);
    await page.getByRole('option', { name: /Your weekly digest/ }).click();
    const frame = page.frameLocator('iframe[title="Message body: Your weekly digest"]');
    await frame.getByText('Three things worth reading.').waitFor();
    expect(foreign).toEqual([]);
    await expect.poll(() => page.getByRole('treeitem', { name: 'Inbox (1)' }).count()).toBe(1);

    const proxied = page.waitForRequest((request) => request.url().startsWith(`${bff.url}/api/image-proxy?url=${encodeURIComponent(REMOTE_IMAGE)}`));
    await page.getByRole('button', { name: 'Show remote content' }).click();
    // Now, and only now, the image is asked for, from Tern's image proxy, never from its host
    // (it cannot load: the host does not exist).
    await proxied;
    expect(foreign).toEqual([]);

    const popupPromise = page.waitForEvent('popup');
    await frame.getByRole('link', { name: 'Read more' }).click();
    const popup = await popupPromise;
    expect(await popup.evaluate(() => window.opener)).toBeNull();
    await popup.close();

    await page.getByRole('option', { name: /Quarterly report/ }).click();
    await page.getByText('https://tern.example/q3').waitFor();
    expect(await page.getByRole('link', { name: 'https://tern.example/q3' }).getAttribute('rel')).toContain('noreferrer');
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('link', { name: /Bericht Q3 – März\.pdf/ }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe('Bericht Q3 – März.pdf');
    expect(fs.readFileSync((await download.path())!).equals(attachmentBytes)).toBe(true);

    await page.getByRole('button', { name: 'Sign Out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length }));
    expect(storage).toEqual({ local: 0, session: 0 });
    const status = await page.evaluate(async () => (await fetch('/api/folders')).status);
    expect(status).toBe(401);
    // Coming back to the mail address shows the sign-in page, not cached mail.
    await page.goto(`${bff.url}/mail`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByText('Your weekly digest').count()).toBe(0);
    await context.close();
  });

  it('saves a screenshot of the signed-in three-pane view for the README', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 820 }, colorScheme: 'light' });
    const page = await context.newPage();
    await signInThroughPage(page, bff.url, user);
    await page.getByRole('option', { name: /Quarterly report/ }).click();
    await page.getByText('the report is attached').waitFor();
    await page.screenshot({ path: path.join(REPO_DIR, 'docs/screenshot-mail.png') });
    await context.close();
  });

  const xssTitle = xssPresent
    ? 'no XSS vector of the corpus, delivered as mail and opened, runs script, escapes its frame or loads anything'
    : 'XSS corpus SKIPPED: ../shared/corpora/xss is absent (a fresh clone has no ../shared; CI has it)';
  it.skipIf(!xssPresent)(xssTitle, { timeout: 600_000 }, async () => {
    const vectors = fs
      .readdirSync(XSS_CORPUS)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .flatMap((name) => JSON.parse(fs.readFileSync(path.join(XSS_CORPUS, name), 'utf8')) as Vector[]);
    const victim = await createTestUser('xss');
    const imap = await imapClient(victim);
    await imap.mailboxCreate('XSS');
    const base = Date.UTC(2026, 0, 1);
    for (const [index, vector] of vectors.entries()) {
      const date = new Date(base + index * 60_000);
      const raw = [
        `From: Attacker <attacker@mt-example.com>`,
        `To: ${victim.email}`,
        `Subject: XSS ${vector.id}`,
        `Date: ${date.toUTCString()}`,
        'MIME-Version: 1.0',
        'Content-Type: text/html; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from(`<html><body><p>Vector ${vector.id}</p>${vector.payload}</body></html>`).toString('base64').replace(/.{76}/g, '$&\r\n'),
        '',
      ].join('\r\n');
      await imap.append('XSS', raw, [], date);
    }
    await imap.logout();

    const context = await browser.newContext({ viewport: { width: 1360, height: 820 } });
    const page = await context.newPage();
    const foreign = watchForeignRequests(page, bff.url);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await signInThroughPage(page, bff.url, victim);
    await page.getByRole('treeitem', { name: /^XSS/ }).click();
    // What a message could change outside its frame if it escaped (unread counts change legitimately).
    const shell = () =>
      page.evaluate(() => ({
        // The app's own code links (chunks loaded later, e.g. reminders 5 s after the first screen) are not the message's doing.
        headChildren: document.head.querySelectorAll(':scope > :not(link[rel=modulepreload], link[rel=stylesheet][href*="/assets/"])').length,
        bodyChildren: document.body.children.length,
        scripts: document.scripts.length,
        framesOutsideReadingPane: [...document.querySelectorAll('iframe')].filter((frame) => !frame.closest('.reading-pane')).length,
        appBar: document.querySelector('.app-bar')?.textContent,
        folders: [...document.querySelectorAll('[role=treeitem]')].map((item) => item.textContent?.replace(/ \(\d+\)$/, '')),
      }));

    // Newest first: the last vector appended is at the top.
    const newestFirst = [...vectors].reverse();
    await page.getByRole('option', { name: new RegExp(`XSS ${escapeRegExp(newestFirst[0]!.id)},`) }).click();
    const before = await shell();
    const escaped: string[] = [];
    for (const [index, vector] of newestFirst.entries()) {
      if (index > 0) {
        await page.keyboard.press('j');
        await page.keyboard.press('Enter');
      }
      const subject = `XSS ${vector.id}`;
      await page.locator(`article[aria-label="${subject.replace(/"/g, '\\"')}"]`).waitFor();
      const frame = page.frameLocator(`iframe[title="Message body: ${subject.replace(/"/g, '\\"')}"]`);
      // The vector's own CSS may hide text, so wait for the content to be there, not for it to be visible
      // (the locator waits on each frame; a poll's fixed steps cost 656 vectors minutes).
      await frame.locator('body').filter({ hasText: `Vector ${vector.id}` }).waitFor({ state: 'attached', timeout: 10_000 });
      const nested = await frame.locator('iframe, object, embed, script, form').count();
      if (nested > 0) escaped.push(`${vector.id}: ${nested} active element(s) inside the frame`);
    }
    // Let late timers, animations and lazy loads fire before looking.
    await page.waitForTimeout(1500);
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
    expect(escaped).toEqual([]);
    expect(await shell()).toEqual(before);
    await context.close();
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
