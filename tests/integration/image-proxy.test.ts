import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedImages } from '../../shared/api/image-proxy';
import type { Preferences } from '../../shared/api/preferences';
import { IMAGE_PLACEHOLDER_GIF, IMAGE_PROXY_MAX_BYTES } from '../../server/image-proxy/image-proxy';
import { PublicFetch, PUBLIC_FETCH_USER_AGENT } from '../../server/net/public-fetch';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { startHttpsTestServer, TINY_PNG, type HttpsTestServer } from '../support/https-test-server';
import { createTestUser, type TestUser } from '../support/stack';

// The privacy image proxy: a remote image asked for by the reading pane is
// fetched by the BFF through the SSRF guard and served from Tern's origin.

let site: HttpsTestServer;
let bff: RunningBff;
let productionBff: RunningBff;
let user: TestUser;
let api: ApiClient;

async function sign(client: ApiClient, urls: string[]): Promise<Record<string, string>> {
  return (await client.json<SignedImages>('POST', '/api/image-proxy/sign', { urls })).urls;
}

beforeAll(async () => {
  site = await startHttpsTestServer();
  site.on('/banner.png', (_req, res) => res.writeHead(200, { 'Content-Type': 'image/png', 'Set-Cookie': 'tracker=1' }).end(TINY_PNG));
  // The bytes decide, not the name or the Content-Type.
  site.on('/page.png', (_req, res) => res.writeHead(200, { 'Content-Type': 'image/png' }).end('<html><script>alert(1)</script></html>'));
  site.on('/drawing.svg', (_req, res) => res.writeHead(200, { 'Content-Type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'));
  site.on('/huge.png', (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.write(TINY_PNG);
    const chunk = Buffer.alloc(64 * 1024);
    for (let sent = 0; sent <= IMAGE_PROXY_MAX_BYTES; sent += chunk.length) res.write(chunk);
    res.end();
  });
  site.on('/to-private.png', (_req, res) => res.writeHead(302, { Location: 'https://172.16.5.5/banner.png' }).end());
  bff = await startBff({}, { publicFetch: new PublicFetch({ testOnlyAllowedRanges: ['127.0.0.1/32'], ca: site.ca }) });
  productionBff = await startBff();
  user = await createTestUser('images');
  api = new ApiClient(bff.url);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
});

afterAll(async () => {
  await bff?.close();
  await productionBff?.close();
  await site?.close();
});

describe('the image proxy', () => {
  it("serves the image from Tern's origin, hiding the client's address, cookies and referrer from the site", async () => {
    const url = `${site.origin}/banner.png?campaign=7`;
    const proxied = (await sign(api, [url]))[url]!;
    expect(proxied).toMatch(/^\/api\/image-proxy\?url=.+&sig=.+/);

    const before = site.received.length;
    const response = await api.request('GET', proxied, undefined, {
      'X-Forwarded-For': '198.51.100.23',
      'X-Real-IP': '198.51.100.23',
      Forwarded: 'for=198.51.100.23',
      Referer: `${bff.url}/mail/INBOX/7`,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    // The site's cookie stays with the BFF's fetch: it never reaches the browser.
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(Buffer.from(await response.arrayBuffer()).equals(TINY_PNG)).toBe(true);

    const seen = site.received.slice(before);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe('/banner.png?campaign=7');
    expect(seen[0]!.headers['user-agent']).toBe(PUBLIC_FETCH_USER_AGENT);
    for (const header of ['cookie', 'referer', 'origin', 'x-forwarded-for', 'x-real-ip', 'forwarded', 'via', 'x-csrf-token', 'authorization']) {
      expect(seen[0]!.headers[header], header).toBeUndefined();
    }
    expect(JSON.stringify(seen[0]!.headers)).not.toContain('198.51.100.23');
    expect(JSON.stringify(seen[0]!.headers)).not.toContain(user.email);

    // Cached for this user: opening the message again does not ask the site again.
    expect((await api.request('GET', proxied)).status).toBe(200);
    expect(site.received.length).toBe(before + 1);
  });

  it('fetches only addresses it signed, for the user it signed them for', async () => {
    const url = `${site.origin}/banner.png?signed=1`;
    const proxied = (await sign(api, [url]))[url]!;
    const forged = `/api/image-proxy?${new URLSearchParams({ url: `${site.origin}/banner.png?other=1`, sig: new URLSearchParams(proxied.split('?')[1]).get('sig')! })}`;
    expect((await api.request('GET', forged)).status).toBe(403);

    const other = await createTestUser('images-other');
    const otherApi = new ApiClient(bff.url);
    await otherApi.signIn(other.email, other.password);
    expect((await otherApi.request('GET', proxied)).status).toBe(403);
    // No session, no image (other sites cannot use it as a fetcher either).
    expect((await new ApiClient(bff.url).request('GET', proxied)).status).toBe(401);
  });

  it('does not sign known trackers or anything but http(s)', async () => {
    const tracker = 'https://mc.us1.list-manage.com/track/open.php?u=1&id=2';
    const signed = await sign(api, [tracker, 'data:image/png;base64,AAAA', 'javascript:alert(1)', 'ftp://example.com/a.png']);
    expect(signed).toEqual({});
  });

  it("names URLs carrying the user's own address hashed or in base64 as trackers, and never fetches them", async () => {
    const tracked = await createTestUser('images-hashed');
    const trackedApi = new ApiClient(bff.url);
    await trackedApi.signIn(tracked.email, tracked.password);
    const hex = (algorithm: string, address: string) => createHash(algorithm).update(address.toLowerCase()).digest('hex');
    const replyTo = 'joy.personal@mt-example.com';
    const urls = [
      `${site.origin}/banner.png?e=${hex('md5', tracked.email)}`,
      `${site.origin}/open/${hex('sha256', tracked.email)}.png`,
      `${site.origin}/o.png?r=${encodeURIComponent(Buffer.from(tracked.email).toString('base64'))}`,
    ];
    const ordinary = `${site.origin}/banner.png?campaign=hashed`;
    // Signed while the reply-to is not yet one of the user's addresses.
    const byReplyTo = `${site.origin}/banner.png?u=${hex('sha1', replyTo)}`;
    const early = (await sign(trackedApi, [byReplyTo]))[byReplyTo]!;
    expect(early).toBeDefined();

    const answer = await trackedApi.json<SignedImages>('POST', '/api/image-proxy/sign', { urls: [...urls, ordinary] });
    expect(Object.keys(answer.urls)).toEqual([ordinary]);
    expect(answer.trackers).toEqual(urls);

    await trackedApi.json('PUT', '/api/preferences/identity', { displayName: '', replyTo });
    const before = site.received.length;
    const response = await trackedApi.request('GET', early);
    expect(response.status).toBe(403);
    expect((await trackedApi.json<SignedImages>('POST', '/api/image-proxy/sign', { urls: [byReplyTo] })).trackers).toEqual([byReplyTo]);
    expect(site.received.length).toBe(before);
  });

  it('limits remote fetches per user: a clear 429 with Retry-After, a placeholder for an <img>, cached images and other users unaffected', async () => {
    const limitedBff = await startBff({}, { publicFetch: new PublicFetch({ testOnlyAllowedRanges: ['127.0.0.1/32'], ca: site.ca }), imageFetchLimit: { points: 3, seconds: 600 } });
    try {
      const heavy = await createTestUser('images-heavy');
      const heavyApi = new ApiClient(limitedBff.url);
      await heavyApi.signIn(heavy.email, heavy.password);
      const urls = [1, 2, 3, 4, 5].map((n) => `${site.origin}/banner.png?limited=${n}`);
      const signed = await sign(heavyApi, urls);
      const before = site.received.length;
      for (const url of urls.slice(0, 3)) expect((await heavyApi.request('GET', signed[url]!)).status, url).toBe(200);

      const refused = await heavyApi.request('GET', signed[urls[3]!]!);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await refused.json()) as { code: string; message: string };
      expect(body.code).toBe('throttled');
      expect(body.message).toMatch(/^Too many remote images loaded in a short time: the rest load again in \d+ s\.$/);

      // What the message frame's <img> asks for: an image it can show, still a 429.
      const asImage = await heavyApi.request('GET', signed[urls[4]!]!, undefined, { 'Sec-Fetch-Dest': 'image' });
      expect(asImage.status).toBe(429);
      expect(asImage.headers.get('content-type')).toBe('image/gif');
      expect(Buffer.from(await asImage.arrayBuffer()).equals(IMAGE_PLACEHOLDER_GIF)).toBe(true);
      expect(site.received.length).toBe(before + 3);

      // Already fetched: served from the cache, not counted.
      expect((await heavyApi.request('GET', signed[urls[0]!]!)).status).toBe(200);
      const otherApi = new ApiClient(limitedBff.url);
      const other = await createTestUser('images-light');
      await otherApi.signIn(other.email, other.password);
      const url = `${site.origin}/banner.png?limited=other`;
      expect((await otherApi.request('GET', (await sign(otherApi, [url]))[url]!)).status).toBe(200);
    } finally {
      await limitedBff.close();
    }
  });

  it('refuses what is not an image: an HTML file named .png, and SVG', async () => {
    for (const path of ['/page.png', '/drawing.svg']) {
      const url = `${site.origin}${path}`;
      const response = await api.request('GET', (await sign(api, [url]))[url]!);
      expect(response.status, path).toBe(415);
      expect(response.headers.get('content-type')).toContain('application/json');
    }
  });

  it('refuses an image over the size cap', async () => {
    const url = `${site.origin}/huge.png`;
    const response = await api.request('GET', (await sign(api, [url]))[url]!);
    expect(response.status).toBe(413);
  });

  it('refuses a redirect to a private address', async () => {
    const url = `${site.origin}/to-private.png`;
    const response = await api.request('GET', (await sign(api, [url]))[url]!);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ details: { reason: 'address' } });
  });

  it('with the production guard, refuses loopback, private and metadata addresses without connecting', async () => {
    const productionApi = new ApiClient(productionBff.url);
    await productionApi.signIn(user.email, user.password);
    const urls = [`${site.origin}/banner.png?production=1`, `https://localhost:${site.port}/banner.png`, 'http://10.1.1.1/a.png', 'http://[fd00::1]/a.png', 'http://169.254.169.254/latest/meta-data/'];
    const signed = await sign(productionApi, urls);
    const before = site.received.length;
    for (const url of urls) {
      const response = await productionApi.request('GET', signed[url]!);
      expect(response.status, url).toBe(403);
    }
    expect(site.received.length).toBe(before);
  });

  it('keeps the always-allowed senders in the preferences store, and refuses what is not an address', async () => {
    expect((await api.json<Preferences>('GET', '/api/preferences')).remoteContent).toEqual({ alwaysAllowSenders: [] });
    await api.json('PUT', '/api/preferences/remoteContent', { alwaysAllowSenders: ['news@shop.example'] });
    // A new session (another device) sees them.
    const again = new ApiClient(bff.url);
    await again.signIn(user.email, user.password);
    expect((await again.json<Preferences>('GET', '/api/preferences')).remoteContent).toEqual({ alwaysAllowSenders: ['news@shop.example'] });
    const bad = await api.request('PUT', '/api/preferences/remoteContent', { alwaysAllowSenders: ['not an address'] });
    expect(bad.status).toBe(400);
    expect((await api.json<Preferences>('GET', '/api/preferences')).remoteContent).toEqual({ alwaysAllowSenders: ['news@shop.example'] });
  });
});
