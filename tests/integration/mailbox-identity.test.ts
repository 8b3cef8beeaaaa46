import { createDAVClient } from 'tsdav';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventList } from '../../shared/api/calendar';
import type { AddressBooksResponse, ContactListResponse } from '../../shared/api/contacts';
import type { Preferences } from '../../shared/api/preferences';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, type TestUser } from '../support/stack';

// SPEC §1: an "(all domains)" user signs in with either address; settings,
// contacts and calendars follow the mailbox, not the spelling of the login.

describe('one mailbox, two addresses', () => {
  let bff: RunningBff;
  let user: TestUser;
  let alias: string;

  const signedIn = async (email: string) => {
    const api = new ApiClient(bff.url);
    expect((await api.signIn(email, user.password)).status).toBe(200);
    return api;
  };
  const august = (api: ApiClient) =>
    api.json<EventList>('GET', '/api/calendars/personal/events?from=2026-08-01T00:00:00Z&to=2026-09-01T00:00:00Z').then((list) => list.events.map((e) => e.title));

  beforeAll(async () => {
    bff = await startBff();
    user = await createTestUser('identity', { aliases: 1 });
    alias = user.aliases[0]!;
  });
  afterAll(async () => {
    await bff?.close();
  });

  it('shows the settings, contacts and events saved under one address when signed in with the other', async () => {
    // The alias signs in first: it names the account, and the main address finds the same one.
    const viaAlias = await signedIn(alias);
    const identity = { displayName: 'Ida Both', replyTo: '' };
    await viaAlias.json<Preferences>('PUT', '/api/preferences/identity', identity);
    const { books } = await viaAlias.json<AddressBooksResponse>('GET', '/api/contacts/books');
    await viaAlias.json('POST', `/api/contacts/books/${books[0]!.id}/contacts`, { fields: { firstName: 'Grace', lastName: 'Hopper', emails: [{ type: 'work', value: 'grace@navy.example' }] } });
    await viaAlias.json('GET', '/api/calendars');
    const event = { title: 'Harbour tour', location: '', description: '', allDay: false, start: '2026-08-04T10:00', end: '2026-08-04T11:00', timeZone: 'Europe/Berlin', repeat: null, reminderMinutes: null };
    expect((await viaAlias.request('POST', '/api/calendars/personal/events', { event })).status).toBe(201);

    const viaMain = await signedIn(user.email);
    expect((await viaMain.json<Preferences>('GET', '/api/preferences')).identity).toEqual(identity);
    const mainBooks = await viaMain.json<AddressBooksResponse>('GET', '/api/contacts/books');
    expect(mainBooks.books.map((book) => book.id)).toEqual(books.map((book) => book.id));
    const { contacts } = await viaMain.json<ContactListResponse>('GET', `/api/contacts/books/${books[0]!.id}/contacts`);
    expect(contacts.map((contact) => contact.name)).toEqual(['Grace Hopper']);
    expect(await august(viaMain)).toEqual(['Harbour tour']);

    // A change made under the main address shows under the alias too.
    await viaMain.json<Preferences>('PUT', '/api/preferences/identity', { displayName: 'Ida B.', replyTo: '' });
    expect((await viaAlias.json<Preferences>('GET', '/api/preferences')).identity.displayName).toBe('Ida B.');
  });

  it('a phone signed in with either address syncs the same calendars through /dav/', async () => {
    const titles = async (login: string) => {
      const client = await createDAVClient({ serverUrl: `${bff.url}/dav/`, credentials: { username: login, password: user.password }, authMethod: 'Basic', defaultAccountType: 'caldav' });
      const [calendar] = await client.fetchCalendars();
      const objects = await client.fetchCalendarObjects({ calendar: calendar!, timeRange: { start: '2026-08-01T00:00:00Z', end: '2026-09-01T00:00:00Z' } });
      return objects.map((object) => /SUMMARY:(.*)\r\n/.exec(String(object.data))?.[1]);
    };
    expect(await titles(user.email)).toEqual(['Harbour tour']);
    expect(await titles(alias)).toEqual(['Harbour tour']);
  });
});
