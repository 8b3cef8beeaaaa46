import PostalMime from 'postal-mime';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignedInDevices } from '../../shared/api/security';
import { ERROR_TEXTS } from '../../shared/errors';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { EventStream } from '../support/event-stream';
import { freshPostgresUrl } from '../support/postgres';
import { createTestUser, imapClient, type TestUser } from '../support/stack';

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0';
const SAFARI_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15';
const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const NOTICE_SUBJECT = 'New sign-in to your mail';

/** A client whose every request names its browser, as a real one does. */
class BrowserClient extends ApiClient {
  constructor(baseUrl: string, private readonly userAgent: string) {
    super(baseUrl);
  }

  override request(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return super.request(method, pathAndQuery, body, { 'user-agent': this.userAgent, ...headers });
  }
}

async function signedIn(url: string, user: TestUser, userAgent: string): Promise<BrowserClient> {
  const api = new BrowserClient(url, userAgent);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
  return api;
}

/** The notices in the user's INBOX once one arrived, and a second more for any sent before it. */
async function noticesIn(user: TestUser): Promise<string[]> {
  const client = await imapClient(user);
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const deadline = Date.now() + 20_000;
    let arrivedAt: number | null = null;
    for (;;) {
      await client.noop();
      const uids = (await client.search({ subject: NOTICE_SUBJECT }, { uid: true })) || [];
      if (uids.length > 0) arrivedAt ??= Date.now();
      if ((arrivedAt !== null && Date.now() - arrivedAt > 1_000) || Date.now() > deadline) {
        const texts: string[] = [];
        for (const uid of uids) {
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (message && message.source) texts.push((await PostalMime.parse(message.source)).text ?? '');
        }
        return texts;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

describe('signed-in devices', () => {
  const running: RunningBff[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((bff) => bff.close()));
  });

  it('lists the account’s sessions on both instances and signs one out everywhere, its tabs told why', async () => {
    const user = await createTestUser('devices');
    const database = { DATABASE_URL: await freshPostgresUrl() };
    const [a, b] = [await startBff(database), await startBff(database)];
    running.push(a, b);
    const firefox = await signedIn(a.url, user, FIREFOX_WINDOWS);
    const safari = await signedIn(b.url, user, SAFARI_MAC);
    const chrome = await signedIn(b.url, user, CHROME_LINUX);

    const { devices } = await firefox.json<SignedInDevices>('GET', '/api/security/devices');
    expect(devices.map(({ browser, os, address, current }) => ({ browser, os, address, current }))).toEqual([
      { browser: 'Firefox 121', os: 'Windows 10', address: '127.0.0.1', current: true },
      expect.objectContaining({ browser: expect.stringMatching(/^(Safari 17|Chrome 120)$/), current: false }),
      expect.objectContaining({ browser: expect.stringMatching(/^(Safari 17|Chrome 120)$/), current: false }),
    ]);
    expect(devices.map((device) => device.os).sort()).toEqual(['Linux', 'Windows 10', 'macOS Sonoma']);
    for (const device of devices) expect(device.lastActiveAt).toBeGreaterThanOrEqual(device.signedInAt);

    // Chrome ends Safari: Safari's event stream is told at once why, its next request is refused with the reason.
    const safariId = devices.find((device) => device.browser.startsWith('Safari'))!.id;
    const stream = await EventStream.open(safari);
    expect(stream.response.status).toBe(200);
    expect((await chrome.request('DELETE', `/api/security/devices/${safariId}`)).status).toBe(204);
    expect(JSON.parse((await stream.next((frame) => frame.event === 'session-ended', 5_000)).data)).toEqual({ reason: 'signed-out-elsewhere' });
    const refused = await safari.request('GET', '/api/folders');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ message: ERROR_TEXTS.signedOutElsewhere, details: { reason: 'signed-out-elsewhere' } });
    expect((await chrome.request('DELETE', `/api/security/devices/${safariId}`)).status).toBe(404);

    // Its own session cannot be signed out here; another account's id ends nothing.
    const own = devices.find((device) => device.current)!.id;
    expect(await (await firefox.request('DELETE', `/api/security/devices/${own}`)).json()).toMatchObject({ message: ERROR_TEXTS.currentDeviceSignOut });
    const stranger = await signedIn(a.url, await createTestUser('stranger'), CHROME_LINUX);
    const chromeId = devices.find((device) => device.browser.startsWith('Chrome'))!.id;
    expect((await stranger.request('DELETE', `/api/security/devices/${chromeId}`)).status).toBe(404);
    expect((await chrome.request('GET', '/api/folders')).status).toBe(200);

    // "Sign out everywhere else" from Chrome on B ends Firefox on the other instance, with the reason; Chrome goes on.
    expect(await chrome.json('POST', '/api/security/devices/sign-out-others')).toEqual({ signedOut: 1 });
    expect(await (await firefox.request('GET', '/api/folders')).json()).toMatchObject({ details: { reason: 'signed-out-elsewhere' } });
    expect((await chrome.request('GET', '/api/folders')).status).toBe(200);
    const left = await chrome.json<SignedInDevices>('GET', '/api/security/devices');
    expect(left.devices.map((device) => device.browser)).toEqual(['Chrome 120']);
  });

  it('mails a notice when a new browser signs in, unless turned off', async () => {
    const user = await createTestUser('notice');
    const bff = await startBff();
    running.push(bff);
    const first = await signedIn(bff.url, user, FIREFOX_WINDOWS);
    // The same browser again is not new.
    await signedIn(bff.url, user, FIREFOX_WINDOWS);
    expect(await first.json('GET', '/api/security/settings')).toEqual({ signInNotice: true });
    expect(await first.json('PUT', '/api/security/settings', { signInNotice: false })).toEqual({ signInNotice: false });
    await signedIn(bff.url, user, SAFARI_MAC);
    expect((await first.request('PUT', '/api/security/settings', { signInNotice: 'yes' })).status).toBe(400);
    await first.json('PUT', '/api/security/settings', { signInNotice: true });
    await signedIn(bff.url, user, CHROME_LINUX);

    // Only Chrome's sign-in was told: the first browser ever is not news, Firefox again is known, Safari came while notices were off.
    const notices = await noticesIn(user);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('Chrome 120 on Linux, from 127.0.0.1');
  });
});
