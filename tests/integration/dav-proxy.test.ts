import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { createDAVClient } from 'tsdav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, testStackEnv, type TestUser } from '../support/stack';

// The /dav/ proxy as a phone sees it: Basic auth with the mail password, the
// real Radicale behind it, and no way into another user's collections.

function basic(user: { email: string; password: string }): string {
  return `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}`;
}

/** A request whose path goes on the wire exactly as written (fetch would normalise "..", "%2e"). */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; body: string; allow?: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, method, path, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text, allow: response.headers.allow }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const NEW_BOOK = `<?xml version="1.0"?><mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><set><prop>
<resourcetype><collection/><C:addressbook/></resourcetype><displayname>Secret book</displayname></prop></set></mkcol>`;

describe('the /dav/ proxy in front of Radicale', () => {
  let bff: RunningBff;
  let alice: TestUser;
  let bob: TestUser;
  const encoded = (user: TestUser) => encodeURIComponent(user.email);

  beforeAll(async () => {
    bff = await startBff();
    [alice, bob] = await Promise.all([createTestUser('dav-alice'), createTestUser('dav-bob')]);
    const created = await rawRequest(bff.url, 'MKCOL', `/dav/${encoded(bob)}/secret/`, { authorization: basic(bob), 'content-type': 'application/xml' }, NEW_BOOK);
    expect(created.status).toBe(201);
  });
  afterAll(async () => bff?.close());

  it('lets a CardDAV client with Basic auth discover and list its address books', async () => {
    const created = await rawRequest(bff.url, 'MKCOL', `/dav/${encoded(alice)}/phone-book/`, { authorization: basic(alice), 'content-type': 'application/xml' }, NEW_BOOK.replace('Secret book', 'Phone book'));
    expect(created.status).toBe(201);
    const client = await createDAVClient({
      serverUrl: `${bff.url}/dav/`,
      credentials: { username: alice.email, password: alice.password },
      authMethod: 'Basic',
      defaultAccountType: 'carddav',
    });
    const books = await client.fetchAddressBooks();
    expect(books.map((book) => book.displayName)).toEqual(['Phone book']);
    expect(books[0]!.url).toContain(`${bff.url}/dav/${encoded(alice)}/phone-book/`);
  });

  it('answers a method it does not take with 405 and the methods it does take (Allow)', async () => {
    const refused = await rawRequest(bff.url, 'PATCH', `/dav/${encoded(alice)}/`, { authorization: basic(alice) });
    expect(refused.status).toBe(405);
    expect(refused.allow?.split(', ')).toEqual(expect.arrayContaining(['OPTIONS', 'PROPFIND', 'REPORT', 'PUT', 'DELETE']));
  });

  it('sends .well-known/carddav and caldav to the proxy', async () => {
    for (const service of ['carddav', 'caldav']) {
      const response = await fetch(`${bff.url}/.well-known/${service}`, { redirect: 'manual' });
      expect(response.status).toBe(301);
      expect(response.headers.get('location')).toBe('/dav/');
    }
  });

  it('refuses a missing or wrong password with a Basic challenge', async () => {
    const none = await rawRequest(bff.url, 'PROPFIND', '/dav/', { depth: '0' });
    expect(none.status).toBe(401);
    const wrong = await fetch(`${bff.url}/dav/`, { method: 'PROPFIND', headers: { depth: '0', authorization: basic({ email: alice.email, password: 'wrong' }) } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm="Tern"/);
  });

  it("never shows one user another user's collections, whatever the path trick", async () => {
    const headers = { authorization: basic(alice), depth: '1' };
    const attempts = [
      `/dav/${encoded(bob)}/`,
      `/dav/${bob.email}/secret/`,
      `/dav/${encoded(bob).toUpperCase()}/secret/`,
      `/dav/${encoded(alice)}/../${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}/%2e%2e/${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}%2F..%2F${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}/%252e%252e/${encoded(bob)}/secret/`,
      `/dav/./${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}/..%5c${encoded(bob)}/secret/`,
      `/dav//${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}/%2E%2e/${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}/.%2e/.%2E/dav/${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}/%25%32%65%25%32%65/${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}/%2e%2e%2f${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}/..%255c${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}\\..\\${encoded(bob)}/secret/`,
      `/dav/${encoded(alice)}/%5c..%5c${encoded(bob)}/secret/`,
      // Absolute-form request targets (RFC 9112 §3.2.2), with and without userinfo.
      `${bff.url}/dav/${encoded(bob)}/secret/`,
      `${bff.url}/dav/${encoded(alice)}/../${encoded(bob)}/secret/`,
      `http://${encoded(alice)}@${new URL(bff.url).host}/dav/${encoded(bob)}/secret/`,
      `http://${encoded(alice)}:${encodeURIComponent(alice.password)}@${new URL(bff.url).host}/dav/${encoded(alice)}/`,
    ];
    for (const path of attempts) {
      const response = await rawRequest(bff.url, 'PROPFIND', path, headers);
      expect([400, 403, 404], `${path} → ${response.status}`).toContain(response.status);
      expect(response.body).not.toContain('Secret book');
    }
    // Userinfo in the request line is bad input, not a server error.
    const userinfo = await rawRequest(bff.url, 'PUT', `http://joy@${new URL(bff.url).host}/dav/${encoded(alice)}/phone-book/x.vcf`, headers, 'BEGIN:VCARD');
    expect(userinfo.status).toBe(400);
    expect(JSON.parse(userinfo.body)).toMatchObject({ code: 'bad_request' });
    // Moving one's own book into the other user's home is refused too.
    const move = await rawRequest(bff.url, 'MOVE', `/dav/${encoded(alice)}/phone-book/`, {
      authorization: basic(alice),
      destination: `${bff.url}/dav/${encoded(bob)}/stolen/`,
    });
    expect(move.status).toBe(403);
    // Bob still sees his book, through the same proxy.
    const own = await rawRequest(bff.url, 'PROPFIND', `/dav/${encoded(bob)}/`, { authorization: basic(bob), depth: '1' });
    expect(own.status).toBe(207);
    expect(own.body).toContain('Secret book');
  });

  it('ignores a user header the client forges: the proxy names the user itself', async () => {
    const forged = { authorization: basic(alice), depth: '1', 'x-remote-user': bob.email };
    const bobsHome = await rawRequest(bff.url, 'PROPFIND', `/dav/${encoded(bob)}/`, forged);
    expect(bobsHome.status).toBe(403);
    const root = await rawRequest(bff.url, 'PROPFIND', '/dav/', { ...forged, 'content-type': 'application/xml' },
      '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><current-user-principal/></prop></propfind>');
    expect(root.status).toBe(207);
    expect(root.body).toContain(`/dav/${encoded(alice)}/`);
    expect(root.body).not.toContain(encoded(bob));
    const own = await rawRequest(bff.url, 'PROPFIND', `/dav/${encoded(alice)}/`, forged);
    expect(own.status).toBe(207);
    expect(own.body).not.toContain('Secret book');
  });

  it('refuses a change that another web page makes the browser send with remembered Basic credentials', async () => {
    const fromElsewhere = await rawRequest(bff.url, 'MKCOL', `/dav/${encoded(alice)}/planted/`, {
      authorization: basic(alice),
      origin: 'https://evil.example',
      'content-type': 'application/xml',
    }, NEW_BOOK);
    expect(fromElsewhere.status).toBe(403);
    const listing = await rawRequest(bff.url, 'PROPFIND', `/dav/${encoded(alice)}/`, { authorization: basic(alice), depth: '1' });
    expect(listing.body).not.toContain('planted');
  });

  const outsideAddress = Object.values(os.networkInterfaces()).flat().find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address;
  it.skipIf(!outsideAddress)('keeps Radicale, which trusts X-Remote-User, off every address but loopback (needs a non-loopback interface)', async () => {
    const port = Number(new URL(testStackEnv().davUrl).port);
    const outcome = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: outsideAddress, port, timeout: 2000 }, () => resolve('connected'));
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      socket.on('timeout', () => resolve('timeout'));
    });
    expect(outcome).not.toBe('connected');
  });
});
