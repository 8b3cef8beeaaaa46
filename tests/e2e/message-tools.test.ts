import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { createTestUser, deliver, imapClient, REPO_DIR, type TestUser } from '../support/stack';

describe('message tools in Chromium', () => {
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;
  let raw: Buffer;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO_DIR, 'dist/web/index.html'))) throw new Error('dist/web is not built: `npm test` builds it first (or run `npx vite build`)');
    bff = await startBff();
    user = await createTestUser('e2e-tools');
    const { uid } = await deliver(
      user,
      [
        'From: Ada Lovelace <ada@mt-example.com>',
        `To: ${user.email}`,
        'Subject: Engine notes',
        `X-Tern-Probe: <img src=x onerror="document.title='pwned'">`,
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>The analytical engine weaves <b>algebraic patterns</b>.</p><script>document.title = "pwned"</script>',
        // Long enough for several printed pages: the body's frame must flow across them, not be cut at the first.
        Array.from({ length: 200 }, (_, i) => `<p>Note ${i + 1} of 200.</p>`).join('\r\n'),
        '',
      ].join('\r\n'),
    );
    const imap = await imapClient(user);
    try {
      await imap.mailboxOpen('INBOX');
      const held = await imap.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (!held || !held.source) throw new Error('the delivered message is not there');
      raw = held.source;
    } finally {
      await imap.logout();
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  it('views the source as text, downloads the .eml, prints the message alone and opens it in a window of its own', async () => {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 820 } });
    const page = await context.newPage();
    await signInThroughPage(page, bff.url, user);
    await page.getByRole('option', { name: /Engine notes/ }).click();
    await page.frameLocator('iframe[title="Message body: Engine notes"]').getByText('algebraic patterns').waitFor();
    const tools = async (item: string) => {
      await page.getByRole('button', { name: 'More message tools' }).click();
      await page.getByRole('menuitem', { name: item }).click();
    };

    await tools('View source');
    const source = page.getByRole('dialog', { name: 'Message source' });
    const pre = source.getByLabel('Message source');
    await pre.getByText('Subject: Engine notes').waitFor();
    const shown = await pre.textContent();
    expect(shown).toContain(`X-Tern-Probe: <img src=x onerror="document.title='pwned'">`);
    expect(shown).toContain('From: Ada Lovelace <ada@mt-example.com>');
    expect(await source.locator('img, script').count()).toBe(0);

    const fromDialog = page.waitForEvent('download');
    await source.getByRole('link', { name: 'Download (.eml)' }).click();
    const dialogDownload = await fromDialog;
    expect(dialogDownload.suggestedFilename()).toBe('Engine notes.eml');
    expect(fs.readFileSync((await dialogDownload.path())!).equals(raw)).toBe(true);
    await source.getByRole('button', { name: 'Close' }).click();

    const fromMenu = page.waitForEvent('download');
    await tools('Download (.eml)');
    const menuDownload = await fromMenu;
    expect(menuDownload.suggestedFilename()).toBe('Engine notes.eml');
    expect(fs.readFileSync((await menuDownload.path())!).equals(raw)).toBe(true);

    await page.evaluate(() => {
      const printed = { count: 0 };
      (window as unknown as { printed: typeof printed }).printed = printed;
      window.print = () => {
        printed.count += 1;
      };
    });
    await tools('Print');
    const printView = page.getByRole('dialog', { name: 'Print: Engine notes' });
    await printView.frameLocator('iframe').getByText('algebraic patterns').waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: { count: number } }).printed.count)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-bar').isVisible()).toBe(false);
    expect(await page.getByRole('region', { name: 'Reading pane' }).isVisible()).toBe(false);
    expect(await printView.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await printView.getByText('Ada Lovelace').isVisible()).toBe(true);
    expect(await printView.locator('iframe').isVisible()).toBe(true);
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length).toBeGreaterThanOrEqual(4);
    await page.emulateMedia({ media: 'screen' });
    await page.keyboard.press('Escape');
    await printView.waitFor({ state: 'detached' });

    const popupPromise = page.waitForEvent('popup');
    await tools('Open in new window');
    const popup = await popupPromise;
    expect(await popup.evaluate(() => window.opener)).toBeNull();
    await popup.getByRole('heading', { name: 'Engine notes' }).waitFor();
    await popup.frameLocator('iframe[title="Message body: Engine notes"]').getByText('algebraic patterns').waitFor();
    expect(new URL(popup.url()).pathname).toMatch(/^\/message\/\d+$/);
    expect(await popup.locator('.app-bar').count()).toBe(0);
    expect(await popup.getByRole('listbox').count()).toBe(0);
    expect(await popup.title()).toBe('Engine notes – Tern');
    expect(await page.title()).not.toBe('pwned');
    await context.close();
  });
});
