import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalendarList } from '../../shared/api/calendar';
import { CSRF_HEADER } from '../../shared/api/session';
import { ApiClient } from '../support/api-client';
import { signedInUser, type SignedIn } from '../support/signed-in';

// Issue 13, item 8: every query parameter through its schema, calendar ids only
// from the user's own list, no cached JSON, and no state change from another site.

describe('input edges of the API', () => {
  let t: SignedIn;

  beforeAll(async () => {
    t = await signedInUser('edges');
  });
  afterAll(async () => {
    await t.imap.logout().catch(() => undefined);
    await t.bff.close();
  });

  const refusal = async (path: string, method = 'GET') => {
    const response = await t.api.request(method, path);
    return { status: response.status, body: (await response.json()) as { code: string; message: string; details?: { fields?: Record<string, string> } } };
  };

  it('answers query-parameter junk with a 400 that names the parameter', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['GET', '/api/messages?folder=INBOX&limit=lots', /limit/],
      ['GET', '/api/messages?folder=INBOX&offset=-1', /offset/],
      ['GET', '/api/messages?folder=INBOX&sort=sideways', /sort/],
      ['GET', '/api/messages?folder=INBOX&folder=Trash', /"folder" is given more than once/],
      ['GET', '/api/messages?folder=INBOX&debug=1', /Unknown query parameter "debug"/],
      ['GET', '/api/messages/search?search=', /search/],
      ['GET', '/api/messages/1?folder=INBOX&raw=1', /Unknown query parameter "raw"/],
      ['GET', '/api/compose/recipients?q=', /q/],
      ['GET', '/api/calendars/personal/events?from=yesterday&to=2026-01-01T00:00:00Z', /from/],
      ['GET', '/api/invitations?folder=INBOX&uid=x&part=2', /uid/],
      ['DELETE', '/api/folders', /path/],
      ['DELETE', '/api/calendars/personal/events/x.ics?scope=everything', /scope/],
      ['GET', `/api/contacts/books/personal/contacts?q=${'x'.repeat(201)}`, /q/],
      ['GET', '/api/contacts/books/personal/export?group=..', /group/],
      ['GET', '/api/filters/from-message?folder=INBOX&uid=1&list=1', /Unknown query parameter "list"/],
      ['GET', '/api/messages/1?folder=INBOX&body=everything', /body/],
    ];
    for (const [method, path, names] of cases) {
      const { status, body } = await refusal(path, method);
      expect(status, `${method} ${path}`).toBe(400);
      expect(body.code).toBe('bad_request');
      expect(`${body.message} ${JSON.stringify(body.details?.fields ?? {})}`, `${method} ${path}`).toMatch(names);
    }
  });

  it('takes calendar ids only from the user\'s own list and refuses dot segments', async () => {
    const { calendars } = await t.api.json<CalendarList>('GET', '/api/calendars');
    const own = calendars[0]!;
    const range = 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';
    expect((await t.api.request('GET', `/api/calendars/${own.id}/events?${range}`)).status).toBe(200);
    const unknown = await refusal(`/api/calendars/not-${own.id}/events?${range}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('This calendar does not exist (any more).');
    for (const id of ['.', '..']) {
      const moved = await t.api.request('PUT', `/api/calendars/${own.id}/events/x.ics`, {
        etag: null,
        occurrenceId: null,
        scope: 'all',
        calendarId: id,
        event: { title: 'x', location: '', description: '', allDay: true, start: '2026-01-05', end: '2026-01-06', timeZone: 'UTC', repeat: null, reminderMinutes: null },
      });
      expect(moved.status, `calendarId ${id}`).toBe(400);
      expect(((await moved.json()) as { details: { fields: Record<string, string> } }).details.fields).toHaveProperty('calendarId', 'That is not a calendar.');
    }
  });

  it('marks every JSON answer, success or error, as not to be stored by any cache', async () => {
    for (const path of ['/api/session', '/api/folders', '/api/messages?folder=INBOX', '/api/messages?folder=INBOX&junk=1', '/api/nowhere']) {
      const response = await t.api.request('GET', path);
      expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control'), path).toBe('no-store');
    }
    const signedOut = await new ApiClient(t.bff.url).request('GET', '/api/folders');
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a state change another site makes the browser send, even with the session and its CSRF token', async () => {
    const folder = (name: string) => ({ name });
    const foreign: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `${t.bff.url}.evil.example` },
      { 'sec-fetch-site': 'cross-site', origin: t.bff.url },
      { 'sec-fetch-site': 'same-site', origin: t.bff.url.replace('127.0.0.1', 'localhost') },
    ];
    for (const headers of foreign) {
      const response = await t.api.request('POST', '/api/folders', folder(`Planted ${Object.values(headers).join(' ')}`.slice(0, 40)), headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(((await response.json()) as { code: string }).code).toBe('csrf');
    }
    const signIn = await new ApiClient(t.bff.url).request('POST', '/api/session', { email: t.user.email, password: t.user.password }, { origin: 'null' });
    expect(signIn.status).toBe(403);
    const list = await t.imap.list();
    expect(list.map((entry) => entry.name).filter((name) => name.startsWith('Planted'))).toEqual([]);
    // Our own page, and a client that sends no Origin at all (it still needs the cookie and the token), go through.
    expect((await t.api.request('POST', '/api/folders', folder('Ours'), { 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    const noOrigin = await fetch(`${t.bff.url}/api/folders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: t.api.cookie!, [CSRF_HEADER]: t.api.csrfToken! },
      body: JSON.stringify(folder('Scripted')),
    });
    expect(noOrigin.status).toBe(201);
  });
});
