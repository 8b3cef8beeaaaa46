import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { createTestUser, deliver, REPO_DIR, type TestUser } from '../support/stack';

/** A real 64 × 64 PNG (solid colour), made here so the test needs no fixture file. */
function pngBytes(): Buffer {
  const crc = (data: Buffer) => {
    let c = ~0;
    for (const byte of data) {
      c ^= byte;
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
    }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(64, 0);
  header.writeUInt32BE(64, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(64 * 3, 0x3c)]);
  const pixels = Buffer.concat(Array.from({ length: 64 }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

describe('contacts in Chromium', () => {
  let bff: RunningBff;
  let browser: Browser;
  let page: Page;
  let user: TestUser;
  const staticDir = process.env.TERN_TEST_STATIC_DIR ?? 'dist/web';

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO_DIR, staticDir, 'index.html'))) throw new Error(`${staticDir} is not built: \`npm test\` builds it first (or run \`npx vite build\`)`);
    bff = await startBff();
    user = await createTestUser('e2e-contacts');
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true });
    await signInThroughPage(page, bff.url, user);
    await page.getByRole('link', { name: 'Contacts' }).click();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  it('creates a contact with a picture, finds it by search and writes to it from the card; compose autocompletes it', async () => {
    await page.getByRole('button', { name: 'New Contact' }).click();
    await page.getByLabel('First Name').fill('Katherine');
    await page.getByLabel('Last Name').fill('Johnson');
    await page.getByLabel('Email', { exact: true }).fill('katherine@nasa.example');
    await page.getByLabel('Company').fill('NASA');
    await page.getByTestId('picture-input').setInputFiles({ name: 'not-a-picture.png', mimeType: 'image/png', buffer: Buffer.from('<html>no</html>') });
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('not a picture');
    await page.getByTestId('picture-input').setInputFiles({ name: 'kj.png', mimeType: 'image/png', buffer: pngBytes() });
    await page.locator('.contact-picture img').waitFor();
    await page.getByRole('button', { name: 'Save Contact' }).click();
    await page.getByRole('heading', { name: 'Katherine Johnson' }).waitFor();
    expect(await page.getByAltText('Picture of Katherine Johnson').getAttribute('src')).toMatch(/^data:image\/jpeg;base64,/);

    await page.getByLabel('Search contacts').fill('nasa');
    await page.getByRole('option', { name: /Katherine Johnson/ }).click();
    await page.screenshot({ path: path.join(os.tmpdir(), 'tern-contacts.png') });
    await page.getByRole('button', { name: 'Compose to this contact' }).click();
    await page.getByRole('button', { name: 'Remove katherine@nasa.example' }).waitFor();
    await page.getByRole('button', { name: 'Discard' }).click();

    // A fresh compose: two letters suggest the contact.
    await page.getByRole('link', { name: 'Mail' }).click();
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await page.getByRole('menuitem', { name: 'New Email' }).click();
    await page.getByRole('combobox', { name: 'To' }).fill('ka');
    await page.getByRole('option', { name: /katherine@nasa\.example/ }).waitFor();
  });

  it('adds a sender to contacts from the reading pane', async () => {
    await deliver(user.email, { from: 'Mary Winston Jackson <mary@langley.example>', subject: 'Wind tunnel results', text: 'Attached soon.' });
    await page.goto(`${bff.url}/mail`);
    await page.getByText('Wind tunnel results').click();
    await page.getByRole('button', { name: 'Add to contacts' }).click();
    await page.getByRole('status').filter({ hasText: 'Added to Personal Addresses' }).waitFor();
    await page.getByRole('link', { name: 'Contacts' }).click();
    await page.getByRole('option', { name: /Mary Winston Jackson/ }).click();
    await page.getByRole('button', { name: 'Compose to this contact' }).waitFor();
    expect(await page.locator('.contact-card-fields').textContent()).toContain('mary@langley.example');
  });

  it('imports a .vcf and exports the book again', async () => {
    await page.goto(`${bff.url}/contacts`);
    const vcf = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dorothy Vaughan\r\nN:Vaughan;Dorothy;;;\r\nEMAIL:dorothy@nasa.example\r\nX-CUSTOM:kept\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:4.0\r\nFN:Mary Jackson\r\nEMAIL:katherine@nasa.example\r\nEND:VCARD\r\n';
    await page.getByTestId('import-input').setInputFiles({ name: 'nasa.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf) });
    const dialog = page.getByRole('dialog', { name: 'Import contacts' });
    await dialog.getByText('2 contacts to import, 1 of them already in this book').waitFor();
    await dialog.getByRole('button', { name: 'Import 2 contacts' }).click();
    await dialog.getByText('Imported 2 of 2 contacts.').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('option', { name: /Dorothy Vaughan/ }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export book' }).click()]);
    const exported = fs.readFileSync((await download.path())!, 'utf8');
    // Katherine and Mary from the tests before, and the two imported.
    expect(exported.match(/BEGIN:VCARD/g)).toHaveLength(4);
    expect(exported).toContain('X-CUSTOM:kept');
  });
});
