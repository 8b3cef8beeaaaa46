import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, PublicFetch, PublicFetchError, PUBLIC_FETCH_USER_AGENT, type FetchRequest } from '../../server/net/public-fetch';
import { PINNED_TEST_HOST, startHttpsTestServer, type HttpsTestServer } from '../support/https-test-server';

const request: FetchRequest = {
  accept: '*/*',
  protocols: ['https:'],
  maxBytes: 64 * 1024,
  maxRedirects: 3,
  connectTimeoutMs: 2000,
  totalTimeoutMs: 3000,
};

async function refusal(promise: Promise<unknown>): Promise<PublicFetchError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublicFetchError);
  return error as PublicFetchError;
}

let site: HttpsTestServer;

beforeAll(async () => {
  site = await startHttpsTestServer();
  site.on('/ok', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('fine'));
  site.on('/to-private', (_req, res) => res.writeHead(302, { Location: 'https://192.168.1.10/next' }).end());
  site.on('/to-loopback-name', (_req, res) => res.writeHead(302, { Location: `https://localhost:${site.port}/ok` }).end());
  site.on('/to-ok', (_req, res) => res.writeHead(302, { Location: '/ok' }).end());
  site.on('/loop', (_req, res) => res.writeHead(302, { Location: '/loop' }).end());
  site.on('/big', (_req, res) => {
    // No Content-Length: the cap must cut the stream as it arrives.
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
    for (let i = 0; i < 40; i++) res.write(Buffer.alloc(4096));
    res.end();
  });
  site.on('/slow', () => {
    // Never answers.
  });
});

afterAll(() => site.close());

describe('the default guard (production) refuses every address that is not public', () => {
  const guard = new PublicFetch({ ca: undefined });

  it.each([
    ['loopback', 'https://127.0.0.1/'],
    ['loopback 127/8', 'https://127.3.4.5/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['10/8', 'https://10.0.0.1/'],
    ['172.16/12', 'https://172.20.1.1/'],
    ['192.168/16', 'https://192.168.0.1/'],
    ['fc00::/7', 'https://[fd12:3456::1]/'],
    ['link-local', 'https://169.254.10.1/'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 link-local', 'https://[fe80::1]/'],
    ['unspecified', 'https://0.0.0.0/'],
    ['carrier-grade NAT', 'https://100.64.0.1/'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped private', 'https://[::ffff:10.0.0.1]/'],
    ['IPv4-compatible loopback', 'https://[::127.0.0.1]/'],
    ['NAT64 of a private address', 'https://[64:ff9b::10.0.0.1]/'],
    ['6to4 of loopback', 'https://[2002:7f00:1::1]/'],
    ['site-local', 'https://[fec0::1]/'],
    ['a decimal spelling of loopback', 'https://2130706433/'],
    ['multicast', 'https://224.0.0.1/'],
  ])('%s (%s)', async (_what, url) => {
    const error = await refusal(guard.fetch(url, { ...request, protocols: ['https:', 'http:'] }));
    expect(error.reason).toBe('address');
  });

  it('a host name that resolves to loopback', async () => {
    const error = await refusal(guard.fetch(`https://localhost:${site.port}/ok`, request));
    expect(error.reason).toBe('address');
    expect(site.received).toHaveLength(0);
  });

  it('http when only https is allowed, and other schemes', async () => {
    expect((await refusal(guard.fetch('http://93.184.215.14/', request))).reason).toBe('scheme');
    expect((await refusal(guard.fetch('file:///etc/passwd', request))).reason).toBe('scheme');
    expect((await refusal(guard.fetch('ftp://93.184.215.14/', request))).reason).toBe('scheme');
  });

  it('knows a public address from the others', () => {
    expect(isPublicAddress('93.184.215.14')).toBe(true);
    expect(isPublicAddress('2606:2800:21f:cb07:6820:80da:af6b:8b2c')).toBe(true);
    expect(isPublicAddress('::ffff:93.184.215.14')).toBe(true);
    expect(isPublicAddress('64:ff9b::a00:1')).toBe(false);
    expect(isPublicAddress('not an address')).toBe(false);
  });
});

describe('a guard that allows the test server (127.0.0.1 only)', () => {
  const guard = () => new PublicFetch({ testOnlyAllowedRanges: ['127.0.0.1/32'], ca: site.ca });

  it('fetches, sending no cookie, no referrer, no client address and a fixed User-Agent', async () => {
    const before = site.received.length;
    const answer = await guard().fetch(`${site.origin}/ok`, request);
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('fine');
    const seen = site.received[before];
    expect(seen?.headers['user-agent']).toBe(PUBLIC_FETCH_USER_AGENT);
    for (const header of ['cookie', 'referer', 'x-forwarded-for', 'forwarded', 'x-real-ip', 'origin', 'authorization']) {
      expect(seen?.headers[header]).toBeUndefined();
    }
  });

  it('re-checks every redirect: one to a private address is refused without connecting', async () => {
    const error = await refusal(guard().fetch(`${site.origin}/to-private`, request));
    expect(error.reason).toBe('address');
  });

  it('re-checks every redirect: a name resolving to ::1 as well as 127.0.0.1 is refused', async () => {
    const resolveBoth = new PublicFetch({ testOnlyAllowedRanges: ['127.0.0.1/32'], ca: site.ca, resolve: async () => ['127.0.0.1', '::1'] });
    const error = await refusal(resolveBoth.fetch(`${site.origin}/to-loopback-name`, request));
    expect(error.reason).toBe('address');
  });

  it('follows a redirect to an allowed address, and refuses endless ones', async () => {
    const answer = await guard().fetch(`${site.origin}/to-ok`, request);
    expect(answer.body.toString()).toBe('fine');
    expect((await refusal(guard().fetch(`${site.origin}/loop`, request))).reason).toBe('redirects');
  });

  it('does not follow redirects when told not to', async () => {
    const answer = await guard().fetch(`${site.origin}/to-private`, { ...request, maxRedirects: 0 });
    expect(answer.status).toBe(302);
  });

  it('connects to the address it checked, not to what the name resolves to later', async () => {
    // The system resolver does not know this name at all: the connection can only reach the
    // server through the address the guard checked and pinned.
    const pinned = new PublicFetch({ testOnlyAllowedRanges: ['127.0.0.1/32'], ca: site.ca, resolve: async () => ['127.0.0.1'] });
    const answer = await pinned.fetch(`https://${PINNED_TEST_HOST}:${site.port}/ok`, request);
    expect(answer.body.toString()).toBe('fine');
  });

  it('cuts an answer larger than the cap', async () => {
    expect((await refusal(guard().fetch(`${site.origin}/big`, request))).reason).toBe('too_large');
  });

  it('gives up on a site that does not answer', async () => {
    const started = Date.now();
    const error = await refusal(guard().fetch(`${site.origin}/slow`, { ...request, totalTimeoutMs: 300 }));
    expect(error.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a certificate it does not trust', async () => {
    const untrusting = new PublicFetch({ testOnlyAllowedRanges: ['127.0.0.1/32'] });
    expect((await refusal(untrusting.fetch(`${site.origin}/ok`, request))).reason).toBe('network');
  });
});
