import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicFetch } from '../../server/net/public-fetch';
import { UNSUBSCRIBE_SENT_TEXT } from '../../shared/api/unsubscribe';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { startHttpsTestServer, TINY_PNG, type HttpsTestServer } from '../support/https-test-server';
import { testDkim } from '../support/dkim';
import { createTestUser, deliver, REPO_DIR, type TestUser } from '../support/stack';

// The newsletter's "web site" is a local HTTPS server; the BFF under test may
// reach 127.0.0.1 (a production BFF may not). The browser itself must never
// contact it: images come through the proxy and the unsubscribe POST from the BFF.

describe('unsubscribe and images without trackers in Chromium', () => {
  let site: HttpsTestServer;
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO_DIR, 'dist/web/index.html'))) throw new Error('dist/web is not built: `npm test` builds it first (or run `npx vite build`)');
    site = await startHttpsTestServer();
    site.on('/banner.png', (_req, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end(TINY_PNG));
    site.on('/pixel.gif', (_req, res) => res.writeHead(200, { 'Content-Type': 'image/gif' }).end('GIF89a'));
    site.on('/unsub', (_req, res) => res.writeHead(204).end());
    // The list signs its List-Unsubscribe headers (DKIM, RFC 8058), as one-click asks; the DNS answers with the test key.
    const dkim = testDkim();
    bff = await startBff({}, { publicFetch: new PublicFetch({ testOnlyAllowedRanges: ['127.0.0.1/32'], ca: site.ca }), dkimResolver: dkim.resolver });
    user = await createTestUser('privacy-e2e');
    const newsletter = {
      from: 'Shop News <news@mt-example.com>',
      to: user.email,
      subject: 'Spring sale',
      html: [
        '<h1>Spring sale</h1>',
        `<img src="${site.origin}/banner.png" alt="Spring banner" width="2" height="2">`,
        `<img src="${site.origin}/pixel.gif?u=1" width="1" height="1" alt="">`,
        `<img src="${site.origin}/pixel.gif?u=2" style="width:1px;height:1px" alt="">`,
      ].join(''),
      headers: { 'List-Unsubscribe': `<${site.origin}/unsub?id=77>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
    await deliver(user, await dkim.sign(newsletter, ['From', 'To', 'Subject', 'List-Unsubscribe', 'List-Unsubscribe-Post']));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
    await site?.close();
  });

  it('"Show remote content" loads the image through the proxy, reports the blocked trackers, and Unsubscribe is done by the BFF', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 820 } });
    const page = await context.newPage();
    const direct: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(site.origin)) direct.push(request.url());
    });
    await signInThroughPage(page, bff.url, user);
    await page.getByRole('option', { name: /Spring sale/ }).click();
    const frame = page.frameLocator('iframe[title="Message body: Spring sale"]');
    await frame.getByRole('heading', { name: 'Spring sale' }).waitFor();
    await page.getByText('2 trackers blocked').waitFor();
    expect(site.received).toHaveLength(0);

    await page.getByRole('button', { name: 'Show remote content' }).click();
    const banner = frame.getByRole('img', { name: 'Spring banner' });
    await expect.poll(() => banner.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(2);
    expect(await banner.getAttribute('src')).toMatch(/^\/api\/image-proxy\?url=/);
    expect(site.received.map((request) => request.path)).toEqual(['/banner.png']);
    await page.getByText('2 trackers blocked').waitFor();

    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByText(UNSUBSCRIBE_SENT_TEXT).waitFor();
    const post = site.received.find((request) => request.method === 'POST');
    expect(post).toMatchObject({ path: '/unsub?id=77', body: 'List-Unsubscribe=One-Click' });
    expect(post?.headers.cookie).toBeUndefined();
    expect(post?.headers.referer).toBeUndefined();
    // The browser never spoke to the sender's site, neither for images nor to unsubscribe.
    expect(direct).toEqual([]);
    await context.close();
  });
});
