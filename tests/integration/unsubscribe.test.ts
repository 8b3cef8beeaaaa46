import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageDetail } from '../../shared/api/messages';
import { UNSUBSCRIBE_SENT_TEXT, UNSUBSCRIBE_UNVERIFIED_TEXT, type UnsubscribeResult } from '../../shared/api/unsubscribe';
import { PublicFetch, PUBLIC_FETCH_USER_AGENT } from '../../server/net/public-fetch';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { startHttpsTestServer, type HttpsTestServer } from '../support/https-test-server';
import { testDkim } from '../support/dkim';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

// One-click unsubscribe (RFC 8058) POSTed by the BFF to a local HTTPS "list
// server", a mailto: unsubscribe delivered through Postfix, and the guard's
// refusals with the production settings.

let site: HttpsTestServer;
let bff: RunningBff;
let productionBff: RunningBff;
let user: TestUser;
let api: ApiClient;
let productionApi: ApiClient;

const dkim = testDkim();
const SIGNED_LIST_HEADERS = ['From', 'To', 'Subject', 'Date', 'Message-ID', 'List-Id', 'List-Unsubscribe', 'List-Unsubscribe-Post'];

/**
 * A list message delivered through Postfix. With one-click it is DKIM-signed
 * over `signedHeaders` (by default both List-Unsubscribe headers), as RFC 8058
 * asks of a list that wants the POST; `signedHeaders: null` sends it unsigned.
 */
async function newsletter(listUnsubscribe: string, oneClick: boolean, subject: string, signedHeaders: string[] | null = SIGNED_LIST_HEADERS): Promise<number> {
  const headers: Record<string, string> = { 'List-Unsubscribe': listUnsubscribe, 'List-Id': '<news.list.example>' };
  if (oneClick) headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  const message = { from: 'News <news@mt-example.com>', to: user.email, subject, text: 'This week in news.', headers };
  const delivered = await deliver(user, oneClick && signedHeaders ? await dkim.sign(message, signedHeaders) : message);
  return delivered.uid;
}

beforeAll(async () => {
  site = await startHttpsTestServer();
  site.on('/unsub', (_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('You are unsubscribed.'));
  site.on('/broken', (_req, res) => res.writeHead(500).end('oops'));
  site.on('/to-private', (_req, res) => res.writeHead(307, { Location: 'https://10.20.30.40/unsub' }).end());
  bff = await startBff({}, { publicFetch: new PublicFetch({ testOnlyAllowedRanges: ['127.0.0.1/32'], ca: site.ca }), dkimResolver: dkim.resolver });
  // The production SSRF guard; DNS for the test key only (tests never ask real name servers).
  productionBff = await startBff({}, { dkimResolver: dkim.resolver });
  user = await createTestUser('unsub');
  api = new ApiClient(bff.url);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
  productionApi = new ApiClient(productionBff.url);
  expect((await productionApi.signIn(user.email, user.password)).status).toBe(200);
});

afterAll(async () => {
  await bff?.close();
  await productionBff?.close();
  await site?.close();
});

describe('one-click unsubscribe', () => {
  it('shows the options in the message and POSTs exactly the RFC 8058 body, with no cookie or referrer', async () => {
    const uid = await newsletter(`<mailto:leave@mt-example.com?subject=leave>, <${site.origin}/unsub?id=joy-42>`, true, 'One-click news');
    const lookupsBefore = dkim.lookups.length;
    const detail = await api.json<MessageDetail>('GET', `/api/messages/${uid}?folder=INBOX`);
    expect(detail.unsubscribe).toEqual({ oneClick: true, mailto: 'mailto:leave@mt-example.com?subject=leave', web: `${site.origin}/unsub?id=joy-42` });
    // Opening the message asks the signer's DNS nothing; only "Unsubscribe" does.
    expect(dkim.lookups.length).toBe(lookupsBefore);

    const before = site.received.length;
    const response = await api.request('POST', '/api/unsubscribe', { folder: 'INBOX', uid }, { 'X-Forwarded-For': '203.0.113.9', Referer: `${bff.url}/mail` });
    expect(response.status).toBe(200);
    expect((await response.json()) as UnsubscribeResult).toEqual({ method: 'one-click', message: UNSUBSCRIBE_SENT_TEXT });
    expect(dkim.lookups.slice(lookupsBefore)).toEqual([`${dkim.selector}._domainkey.${dkim.domain}`]);

    const received = site.received.slice(before);
    expect(received).toHaveLength(1);
    const post = received[0]!;
    expect(post.method).toBe('POST');
    expect(post.path).toBe('/unsub?id=joy-42');
    expect(post.body).toBe('List-Unsubscribe=One-Click');
    expect(post.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(post.headers['user-agent']).toBe(PUBLIC_FETCH_USER_AGENT);
    for (const header of ['cookie', 'referer', 'origin', 'x-forwarded-for', 'forwarded', 'x-real-ip', 'authorization']) {
      expect(post.headers[header], header).toBeUndefined();
    }
  });

  it('POSTs nothing when no DKIM signature covers the headers, and says so: the link is offered, or the mailto: used', async () => {
    const url = `${site.origin}/unsub?id=unverified`;
    const tampered = async (subject: string) => {
      // A valid signature, then a second List-Unsubscribe added on top after signing (Tern reads the first).
      const signed = await dkim.sign(
        { from: 'News <news@mt-example.com>', to: user.email, subject, text: 'x', headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } },
        SIGNED_LIST_HEADERS,
      );
      return (await deliver(user, Buffer.concat([Buffer.from(`List-Unsubscribe: <${url}&added=1>\r\n`), signed]))).uid;
    };
    const otherKey = testDkim();
    const cases: Array<[string, () => Promise<number>]> = [
      ['unsigned', () => newsletter(`<${url}>`, true, 'Unsigned list', null)],
      ['signed without List-Unsubscribe-Post', () => newsletter(`<${url}>`, true, 'Half-signed list', ['From', 'Subject', 'List-Unsubscribe'])],
      ['signed by a key the DNS does not publish', async () => (await deliver(user, await otherKey.sign({ from: 'News <news@mt-example.com>', to: user.email, subject: 'Wrong key', text: 'x', headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }, SIGNED_LIST_HEADERS))).uid],
      ['a List-Unsubscribe added above the signed one', () => tampered('Tampered list')],
    ];
    for (const [what, make] of cases) {
      const uid = await make();
      const detail = await api.json<MessageDetail>('GET', `/api/messages/${uid}?folder=INBOX`);
      expect(detail.unsubscribe?.oneClick, what).toBe(true);
      const before = site.received.length;
      const response = await api.request('POST', '/api/unsubscribe', { folder: 'INBOX', uid });
      expect(response.status, what).toBe(200);
      const result = (await response.json()) as UnsubscribeResult;
      expect(result, what).toEqual({ method: 'unverified', message: `${UNSUBSCRIBE_UNVERIFIED_TEXT} Open the list's page to unsubscribe there.`, web: detail.unsubscribe?.web });
      expect(site.received.length, what).toBe(before);
    }

    const list = await createTestUser('unverified-list');
    const uid = await newsletter(`<mailto:${list.email}?subject=leave>, <${url}>`, true, 'Unsigned list with mailto', null);
    const before = site.received.length;
    const result = await api.json<UnsubscribeResult>('POST', '/api/unsubscribe', { folder: 'INBOX', uid });
    expect(result).toEqual({ method: 'mailto', message: `${UNSUBSCRIBE_UNVERIFIED_TEXT} ${UNSUBSCRIBE_SENT_TEXT} An email went to ${list.email}.` });
    expect(site.received.length).toBe(before);
    await deliveredTo(list, 'leave');
  });

  it('tells the user when the site answers 500', async () => {
    const uid = await newsletter(`<${site.origin}/broken>`, true, 'Broken list');
    const response = await api.request('POST', '/api/unsubscribe', { folder: 'INBOX', uid });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { code: string; message: string };
    expect(body.code).toBe('remote_failed');
    expect(body.message).toBe(`The list's site (127.0.0.1:${site.port}) answered 500: you may still be subscribed. Try again later.`);
  });

  it('refuses a redirect to a private address', async () => {
    const uid = await newsletter(`<${site.origin}/to-private>`, true, 'Redirecting list');
    const response = await api.request('POST', '/api/unsubscribe', { folder: 'INBOX', uid });
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ code: 'remote_failed', details: { reason: 'address' } });
  });

  it('with the production guard, refuses loopback, a private address and a name resolving to loopback without sending anything', async () => {
    for (const target of [`${site.origin}/unsub?id=loopback`, 'https://192.168.1.1/unsub', 'https://10.0.0.5/unsub', `https://localhost:${site.port}/unsub?id=name`]) {
      const before = site.received.length;
      const uid = await newsletter(`<${target}>`, true, `Inside list ${target}`);
      const response = await productionApi.request('POST', '/api/unsubscribe', { folder: 'INBOX', uid });
      expect(response.status, target).toBe(502);
      expect(await response.json()).toMatchObject({ code: 'remote_failed', details: { reason: 'address' } });
      expect(site.received.length).toBe(before);
    }
  });

  it('never POSTs to plain http, even with One-Click: the link is only offered', async () => {
    const uid = await newsletter(`<http://127.0.0.1:${site.port}/unsub>`, true, 'Plain http list');
    const detail = await api.json<MessageDetail>('GET', `/api/messages/${uid}?folder=INBOX`);
    expect(detail.unsubscribe).toEqual({ oneClick: false, mailto: null, web: `http://127.0.0.1:${site.port}/unsub` });
    const response = await api.request('POST', '/api/unsubscribe', { folder: 'INBOX', uid });
    expect(response.status).toBe(400);
  });

  it('answers 404 for a message without List-Unsubscribe', async () => {
    const { uid } = await deliver(user, { from: 'Friend <friend@mt-example.com>', subject: 'Just a note', text: 'hi' });
    const detail = await api.json<MessageDetail>('GET', `/api/messages/${uid}?folder=INBOX`);
    expect(detail.unsubscribe).toBeNull();
    expect((await api.request('POST', '/api/unsubscribe', { folder: 'INBOX', uid })).status).toBe(404);
  });
});

describe('mailto: unsubscribe', () => {
  it('sends the request from the user through Postfix to the list address', async () => {
    const list = await createTestUser('listbox');
    const uid = await newsletter(`<mailto:${list.email}?subject=unsubscribe%20joy&body=please%20remove%20me>`, false, 'Mail-only list');
    const response = await api.request('POST', '/api/unsubscribe', { folder: 'INBOX', uid });
    expect(response.status).toBe(200);
    const result = (await response.json()) as UnsubscribeResult;
    expect(result.method).toBe('mailto');
    expect(result.message).toBe(`${UNSUBSCRIBE_SENT_TEXT} An email went to ${list.email}.`);

    const found = await deliveredTo(list, 'unsubscribe joy');
    expect(found.from).toBe(user.email);
    expect(found.subject).toBe('unsubscribe joy');
    expect(found.text).toContain('please remove me');
  });
});

/** Waits for the unsubscribe email with this subject in the list's Inbox (it goes out through Postfix). */
async function deliveredTo(list: TestUser, subject: string): Promise<{ from?: string; subject?: string; text?: string }> {
  const imap = await imapClient(list);
  try {
    await imap.mailboxOpen('INBOX');
    for (let attempt = 0; attempt < 100; attempt++) {
      await imap.noop();
      const uids = (await imap.search({ subject }, { uid: true })) || [];
      if (uids.length > 0) {
        const message = await imap.fetchOne(String(uids[0]), { envelope: true, source: true }, { uid: true });
        if (message) return { from: message.envelope?.from?.[0]?.address, subject: message.envelope?.subject, text: message.source?.toString() };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`No "${subject}" email reached ${list.email}`);
  } finally {
    await imap.logout();
  }
}
