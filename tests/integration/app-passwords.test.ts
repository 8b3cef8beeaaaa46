import { createDAVClient } from 'tsdav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressBooksResponse } from '../../shared/api/contacts';
import type { AppPasswords, CreatedAppPassword } from '../../shared/api/security';
import { ERROR_TEXTS } from '../../shared/errors';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, type TestUser } from '../support/stack';
import { turnOnTotp } from '../support/two-factor';

// App passwords through /dav/ as a phone uses them: Basic auth, the real Radicale behind.

function basic(login: string, password: string): string {
  return `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
}

const NEW_BOOK = `<?xml version="1.0"?><mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><set><prop>
<resourcetype><collection/><C:addressbook/></resourcetype><displayname>Phone book</displayname></prop></set></mkcol>`;

describe('app passwords for /dav/', () => {
  let bff: RunningBff;
  beforeAll(async () => {
    bff = await startBff();
  });
  afterAll(async () => bff?.close());

  async function signedIn(user: TestUser): Promise<ApiClient> {
    const api = new ApiClient(bff.url);
    expect((await api.signIn(user.email, user.password)).status).toBe(200);
    return api;
  }

  const propfind = (login: string, password: string) => fetch(`${bff.url}/dav/`, { method: 'PROPFIND', headers: { depth: '0', authorization: basic(login, password) } });

  it('with two-step sign-in on, refuses the mail password and lets a real CardDAV client in with an app password until it is revoked', async () => {
    const user = await createTestUser('apppw');
    const api = await signedIn(user);
    // It opens /dav/ without the second step: a session alone cannot make one, the password must come with it.
    const unconfirmed = await api.request('POST', '/api/security/app-passwords', { name: 'Phone contacts' });
    expect(unconfirmed.status).toBe(400);
    const wrong = await api.request('POST', '/api/security/app-passwords', { name: 'Phone contacts', password: 'not-it' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ message: ERROR_TEXTS.wrongCurrentPassword });
    expect((await api.json<AppPasswords>('GET', '/api/security/app-passwords')).appPasswords).toEqual([]);
    const phone = await api.json<CreatedAppPassword>('POST', '/api/security/app-passwords', { name: 'Phone contacts', password: user.password });
    expect(phone).toMatchObject({ name: 'Phone contacts', login: user.email, lastUsedAt: null });
    expect(phone.password).toMatch(/^[a-z]{4}(-[a-z]{4}){3}$/);

    // Two-step sign-in off: both the mail password and the app password open /dav/.
    expect((await propfind(user.email, user.password)).status).toBe(207);
    expect((await propfind(user.email, phone.password)).status).toBe(207);

    await turnOnTotp(api);
    // Even just verified (and remembered for a minute), the mail password no longer opens /dav/.
    const refused = await propfind(user.email, user.password);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Basic realm="Tern"/);
    expect(await refused.json()).toMatchObject({ message: ERROR_TEXTS.davNeedsAppPassword });

    // The app password: the user's own collections, as the same DAV user the web app uses.
    const created = await fetch(`${bff.url}/dav/${encodeURIComponent(user.email)}/phone-book/`, {
      method: 'MKCOL',
      headers: { authorization: basic(user.email, phone.password), 'content-type': 'application/xml' },
      body: NEW_BOOK,
    });
    expect(created.status).toBe(201);
    const client = await createDAVClient({ serverUrl: `${bff.url}/dav/`, credentials: { username: user.email, password: phone.password }, authMethod: 'Basic', defaultAccountType: 'carddav' });
    const books = await client.fetchAddressBooks();
    expect(books.map((book) => book.displayName)).toContain('Phone book');
    // The web app (its own session, the account's DAV user) sees the book the phone made.
    const { books: webBooks } = await api.json<AddressBooksResponse>('GET', '/api/contacts/books');
    expect(webBooks.map((book) => book.name)).toContain('Phone book');

    const listed = await api.json<AppPasswords>('GET', '/api/security/app-passwords');
    expect(listed.available).toBe(true);
    expect(listed.appPasswords).toEqual([{ id: phone.id, name: 'Phone contacts', createdAt: phone.createdAt, lastUsedAt: expect.any(Number) }]);
    expect(JSON.stringify(listed)).not.toContain(phone.password);

    expect((await api.request('DELETE', `/api/security/app-passwords/${phone.id}`)).status).toBe(204);
    // Revoked: refused at once, although this process verified it a moment ago.
    expect((await propfind(user.email, phone.password)).status).toBe(401);
    expect((await api.request('DELETE', `/api/security/app-passwords/${phone.id}`)).status).toBe(404);
  });

  it("opens only its own account's collections: another user's app password under this login is refused", async () => {
    const [joy, sam] = await Promise.all([createTestUser('apppw-joy'), createTestUser('apppw-sam')]);
    const samApi = await signedIn(sam);
    const samsPassword = (await samApi.json<CreatedAppPassword>('POST', '/api/security/app-passwords', { name: 'Tablet', password: sam.password })).password;
    expect((await propfind(joy.email, samsPassword)).status).toBe(401);
    expect((await propfind(sam.email, samsPassword)).status).toBe(207);
    expect((await samApi.request('POST', '/api/security/app-passwords', { name: '  ', password: sam.password })).status).toBe(400);
  });

  it('counts wrong app passwords against the sign-in throttle', async () => {
    const user = await createTestUser('apppw-throttle');
    const api = await signedIn(user);
    const { password } = await api.json<CreatedAppPassword>('POST', '/api/security/app-passwords', { name: 'Phone', password: user.password });
    for (let attempt = 0; attempt < 5; attempt++) expect((await propfind(user.email, 'abcd-efgh-ijkl-mnop')).status).toBe(401);
    const throttled = await propfind(user.email, password);
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toMatchObject({ message: ERROR_TEXTS.throttled });
  });
});

describe('app passwords with TERN_DAV_AUTH=basic', () => {
  it('are not offered: the DAV server checks the mail password itself', async () => {
    const bff = await startBff({ TERN_DAV_AUTH: 'basic' });
    try {
      const api = new ApiClient(bff.url);
      const user = await createTestUser('apppw-basic');
      expect((await api.signIn(user.email, user.password)).status).toBe(200);
      expect((await api.json<AppPasswords>('GET', '/api/security/app-passwords')).available).toBe(false);
      const refused = await api.request('POST', '/api/security/app-passwords', { name: 'Phone', password: user.password });
      expect(refused.status).toBe(501);
      expect(await refused.json()).toMatchObject({ message: ERROR_TEXTS.appPasswordsUnavailable });
    } finally {
      await bff.close();
    }
  });
});
