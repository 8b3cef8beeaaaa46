import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressBooksResponse, ContactDetail, ContactFields, ContactListResponse, ImportResult } from '../../shared/api/contacts';
import { parseCard, fieldsOf } from '../../server/contacts/vcard';
import { signedInUser, type SignedIn } from '../support/signed-in';
import { testStackEnv } from '../support/stack';

// Contacts through the BFF against the real Radicale, checked with direct CardDAV requests.

const CORPUS = path.resolve(__dirname, '../../../shared/corpora/vcard');

const fields = (overrides: Partial<ContactFields>): Partial<ContactFields> => ({ firstName: 'Ada', lastName: 'Lovelace', ...overrides });

describe('contacts on the real CardDAV server', () => {
  let s: SignedIn;
  let bookId: string;
  let bookUrl: string;
  const direct = (url: string, init: RequestInit = {}) =>
    fetch(url, { ...init, headers: { 'x-remote-user': s.user.email, ...(init.headers as Record<string, string>) } });

  beforeAll(async () => {
    s = await signedInUser('contacts');
    // Tern asks for the calendars on every page (reminders), often before the books:
    // the default calendar must not take the place of the default address book.
    const [calendars] = await Promise.all([s.api.request('GET', '/api/calendars'), s.api.request('GET', '/api/contacts/books')]);
    expect(calendars.status).toBe(200);
    const { books } = await s.api.json<AddressBooksResponse>('GET', '/api/contacts/books');
    expect(books.map((book) => book.name)).toEqual(['Personal Addresses']);
    bookId = books[0]!.id;
    bookUrl = `${testStackEnv().davUrl}/${encodeURIComponent(s.user.email)}/${bookId}/`;
  });
  afterAll(async () => {
    await s?.imap.logout();
    await s?.bff.close();
  });

  it('creates a contact that a direct CardDAV client reads back with the same fields, and finds it by search', async () => {
    const created = await s.api.json<ContactDetail>('POST', `/api/contacts/books/${bookId}/contacts`, {
      fields: fields({ company: 'Analytical Engines', emails: [{ type: 'work', value: 'ada@engines.example' }], phones: [{ type: 'cell', value: '+44 20 7946 0000' }], birthday: '1815-12-10', notes: 'First programmer' }),
    });
    const onServer = await direct(`${bookUrl}${created.id}`);
    expect(onServer.status).toBe(200);
    const card = parseCard(await onServer.text());
    expect(fieldsOf(card)).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', company: 'Analytical Engines', birthday: '1815-12-10', notes: 'First programmer', emails: [{ type: 'work', value: 'ada@engines.example' }], phones: [{ type: 'cell', value: '+44 20 7946 0000' }] });
    for (const q of ['lovel', 'ENGINES', 'ada@eng', '7946']) {
      const { contacts } = await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${bookId}/contacts?q=${encodeURIComponent(q)}`);
      expect(contacts.map((contact) => contact.name), q).toEqual(['Ada Lovelace']);
    }
    const none = await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${bookId}/contacts?q=zzz`);
    expect(none.contacts).toEqual([]);
  });

  it('keeps properties Tern does not know through an edit, and refuses an edit of a version changed elsewhere', async () => {
    const uid = 'phone-made-1';
    const phoneCard = `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:Grace Hopper\r\nN:Hopper;Grace;;;\r\nEMAIL;TYPE=HOME:grace@navy.example\r\nX-PHONETIC-FIRST-NAME:Greys\r\nEND:VCARD\r\n`;
    expect((await direct(`${bookUrl}${uid}.vcf`, { method: 'PUT', body: phoneCard, headers: { 'content-type': 'text/vcard' } })).status).toBe(201);
    const detail = await s.api.json<ContactDetail>('GET', `/api/contacts/books/${bookId}/contacts/${uid}.vcf`);
    expect(detail.fields).toMatchObject({ firstName: 'Grace', lastName: 'Hopper', emails: [{ type: 'home', value: 'grace@navy.example' }] });

    const edited = await s.api.json<ContactDetail>('PUT', `/api/contacts/books/${bookId}/contacts/${uid}.vcf`, { etag: detail.etag, fields: { ...detail.fields, jobTitle: 'Rear Admiral' } });
    const afterEdit = await (await direct(`${bookUrl}${uid}.vcf`)).text();
    expect(afterEdit).toContain('X-PHONETIC-FIRST-NAME:Greys');
    expect(afterEdit).toContain('TITLE:Rear Admiral');

    // A phone changes the card: Tern's stale edit is refused and the phone's change stays.
    const phoneEdit = afterEdit.replace('TITLE:Rear Admiral', 'TITLE:Commodore');
    expect((await direct(`${bookUrl}${uid}.vcf`, { method: 'PUT', body: phoneEdit, headers: { 'content-type': 'text/vcard', 'if-match': edited.etag } })).status).toBe(201);
    const stale = await s.api.request('PUT', `/api/contacts/books/${bookId}/contacts/${uid}.vcf`, { etag: edited.etag, fields: { ...edited.fields, jobTitle: 'Admiral' } });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { code: string; message: string }).message).toMatch(/changed elsewhere.*Nothing was overwritten/);
    expect(await (await direct(`${bookUrl}${uid}.vcf`)).text()).toContain('TITLE:Commodore');
    const staleDelete = await s.api.request('DELETE', `/api/contacts/books/${bookId}/contacts/${uid}.vcf?etag=${encodeURIComponent(edited.etag)}`);
    expect(staleDelete.status).toBe(409);
    expect((await direct(`${bookUrl}${uid}.vcf`)).status).toBe(200);
  });

  it('refuses bad input with a message naming the field, and changes nothing', async () => {
    const before = await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${bookId}/contacts`);
    const bad: Array<Partial<ContactFields>> = [{ emails: [{ type: 'home', value: 'not-an-address' }] }, { birthday: '2023-02-30' }, { photo: 'data:text/html;base64,PGI+' }, { firstName: '', lastName: '' }];
    for (const fieldsOfBadContact of bad) {
      const response = await s.api.request('POST', `/api/contacts/books/${bookId}/contacts`, { fields: fields(fieldsOfBadContact) });
      expect(response.status, JSON.stringify(fieldsOfBadContact)).toBe(400);
    }
    const after = await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${bookId}/contacts`);
    expect(after.contacts.length).toBe(before.contacts.length);
  });

  it('deletes a contact with its current ETag', async () => {
    const created = await s.api.json<ContactDetail>('POST', `/api/contacts/books/${bookId}/contacts`, { fields: fields({ firstName: 'Temp' }) });
    expect((await s.api.request('DELETE', `/api/contacts/books/${bookId}/contacts/${created.id}?etag=${encodeURIComponent(created.etag)}`)).status).toBe(204);
    expect((await direct(`${bookUrl}${created.id}`)).status).toBe(404);
  });

  it('keeps groups in the Apple form, with members by UID, and exports a group', async () => {
    const { contacts } = await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${bookId}/contacts?q=ada`);
    const group = await s.api.json<{ id: string; etag: string }>('POST', `/api/contacts/books/${bookId}/groups`, { name: 'Pioneers', memberUids: [contacts[0]!.uid] });
    const onServer = await (await direct(`${bookUrl}${group.id}`)).text();
    expect(onServer).toContain('X-ADDRESSBOOKSERVER-KIND:group');
    expect(onServer).toContain(`X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:${contacts[0]!.uid}`);
    const list = await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${bookId}/contacts`);
    expect(list.groups).toMatchObject([{ name: 'Pioneers', memberUids: [contacts[0]!.uid] }]);
    expect(list.contacts.map((contact) => contact.name)).not.toContain('Pioneers');
    const exported = await (await s.api.request('GET', `/api/contacts/books/${bookId}/export?group=${group.id}`)).text();
    expect(exported.match(/BEGIN:VCARD/g)).toHaveLength(1);
    expect(exported).toContain('FN:Ada Lovelace');
  });

  it('exports a book and imports it into another losslessly for the fields Tern shows', async () => {
    const exported = await (await s.api.request('GET', `/api/contacts/books/${bookId}/export`)).text();
    const other = await s.api.json<{ id: string }>('POST', '/api/contacts/books', { name: 'Copy' });
    const preview = await s.api.json<ImportResult>('POST', `/api/contacts/books/${other.id}/import`, { vcf: exported });
    expect(preview.imported).toBe(0);
    const result = await s.api.json<ImportResult>('POST', `/api/contacts/books/${other.id}/import`, { vcf: exported, commit: true });
    expect(result.refused).toEqual([]);
    const original = await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${bookId}/contacts`);
    const copy = await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${other.id}/contacts`);
    const shown = (list: ContactListResponse) => list.contacts.map(({ id: _id, ...rest }) => rest);
    expect(shown(copy)).toEqual(shown(original));
    // Importing the same file again is previewed as duplicates.
    const again = await s.api.json<ImportResult>('POST', `/api/contacts/books/${other.id}/import`, { vcf: exported });
    expect(again.duplicates).toBe(original.contacts.filter((contact) => contact.emails.length > 0).length);
  });

  it.skipIf(!fs.existsSync(CORPUS))('imports every file of the shared vCard corpus or refuses its entries by name (needs ../shared/corpora)', async () => {
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    const book = await s.api.json<{ id: string }>('POST', '/api/contacts/books', { name: 'Corpus' });
    let imported = 0;
    for (const file of walk(CORPUS).filter((name) => !name.endsWith('SOURCE.md'))) {
      const response = await s.api.request('POST', `/api/contacts/books/${book.id}/import`, { vcf: fs.readFileSync(file, 'utf8'), commit: true });
      expect(response.status, file).toBe(200);
      const result = (await response.json()) as ImportResult;
      for (const refused of result.refused) expect(refused.entry).toMatch(/^(Entry \d+|The file)/);
      imported += result.imported;
    }
    expect(imported).toBeGreaterThan(30);
    const { contacts } = await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${book.id}/contacts`);
    expect(contacts.length).toBe(imported - (await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${book.id}/contacts`)).groups.length);
  });

  it('renames and deletes address books', async () => {
    const book = await s.api.json<{ id: string }>('POST', '/api/contacts/books', { name: 'Work' });
    expect((await s.api.request('PATCH', `/api/contacts/books/${book.id}`, { name: 'Office' })).status).toBe(204);
    let { books } = await s.api.json<AddressBooksResponse>('GET', '/api/contacts/books');
    expect(books.map((b) => b.name)).toContain('Office');
    expect((await s.api.request('DELETE', `/api/contacts/books/${book.id}`)).status).toBe(204);
    ({ books } = await s.api.json<AddressBooksResponse>('GET', '/api/contacts/books'));
    expect(books.map((b) => b.name)).not.toContain('Office');
  });

  it("brings a phone's additions, changes and deletions into the list by WebDAV sync, and reads the whole book again when the server forgot the sync token", async () => {
    const vcard = (uid: string, name: string) => `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name.split(' ').reverse().join(';')};;;\r\nEND:VCARD\r\n`;
    const put = async (uid: string, name: string) => expect((await direct(`${bookUrl}${uid}.vcf`, { method: 'PUT', body: vcard(uid, name), headers: { 'content-type': 'text/vcard' } })).ok).toBe(true);
    await put('sync-keep', 'Katherine Johnson');
    await put('sync-change', 'Dorothy Vaughan');
    await put('sync-gone', 'Mary Jackson');
    const listed = async () => (await s.api.json<ContactListResponse>('GET', `/api/contacts/books/${bookId}/contacts`)).contacts.map((contact) => contact.name);
    const book = (await (await s.bff.deps.addressBooks.forUser(s.user)).books()).find((candidate) => candidate.id === bookId)!;
    /** The copy's ten fresh seconds, over: the next list serves the copy and syncs behind it. */
    const syncNow = async () => {
      const snapshot = s.bff.deps.addressBooks.snapshot(s.user.email, book.url)!;
      snapshot.checkedAt = 0;
      await listed();
      await s.bff.deps.addressBooks.snapshot(s.user.email, book.url)?.revalidating;
    };
    await syncNow();
    expect(await listed()).toEqual(expect.arrayContaining(['Katherine Johnson', 'Dorothy Vaughan', 'Mary Jackson']));
    const tokenBefore = s.bff.deps.addressBooks.snapshot(s.user.email, book.url)!.syncToken;

    await put('sync-change', 'Dorothy Vaughan-Smith');
    await put('sync-new', 'Christine Darden');
    expect((await direct(`${bookUrl}sync-gone.vcf`, { method: 'DELETE' })).ok).toBe(true);
    await syncNow();
    const after = await listed();
    expect(after).toEqual(expect.arrayContaining(['Katherine Johnson', 'Dorothy Vaughan-Smith', 'Christine Darden']));
    expect(after).not.toContain('Mary Jackson');
    expect(after).not.toContain('Dorothy Vaughan');
    expect(s.bff.deps.addressBooks.snapshot(s.user.email, book.url)!.syncToken).not.toBe(tokenBefore);

    // A token the server does not know (it was reset, or the book restored): the whole book is read again.
    await put('sync-late', 'Annie Easley');
    s.bff.deps.addressBooks.snapshot(s.user.email, book.url)!.syncToken = 'http://radicale.org/ns/sync/forgotten';
    await syncNow();
    expect(await listed()).toEqual(expect.arrayContaining(['Katherine Johnson', 'Dorothy Vaughan-Smith', 'Christine Darden', 'Annie Easley']));
  });

  it('suggests contacts to compose from two letters, groups expanded to members', async () => {
    const suggestions = await s.bff.deps.contacts.suggest(s.user, 'ad', 10);
    expect(suggestions[0]).toEqual({ name: 'Ada Lovelace', email: 'ada@engines.example', source: 'contact' });
    const groups = await s.bff.deps.contacts.suggest(s.user, 'pio', 10);
    expect(groups).toEqual([{ name: 'Pioneers', email: '', source: 'group', members: [{ name: 'Ada Lovelace', email: 'ada@engines.example' }] }]);
  });
});
