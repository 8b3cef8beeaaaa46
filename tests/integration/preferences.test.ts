import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, PREFERENCES_CHANGED_TEXT, type Preferences } from '../../shared/api/preferences';
import { contentVersion } from '../../shared/content-version';
import type { Config } from '../../server/config';
import { PreferencesRepository } from '../../server/preferences/preferences-repository';
import { openStore, type Store } from '../../server/store/database';
import { tempSqlitePath } from '../support/bff';
import { freshPostgresUrl } from '../support/postgres';
import { signedInUser, type SignedIn } from '../support/signed-in';

const stores: Array<[string, () => Promise<Config['database']>]> = [
  ['SQLite', async () => ({ kind: 'sqlite', path: tempSqlitePath() })],
  ['PostgreSQL', async () => ({ kind: 'postgres', url: await freshPostgresUrl() })],
];

describe.each(stores)('preferences repository on %s', (_name, database) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await database());
  });
  afterAll(async () => {
    await store?.db.destroy();
  });

  it('reads defaults for a new user, then each saved section on its own, whatever the address case', async () => {
    const repository = new PreferencesRepository(store.db);
    expect(await repository.get('new@mt-example.com')).toEqual(DEFAULT_PREFERENCES);

    const display = { ...DEFAULT_PREFERENCES.display, theme: 'dark' as const, messagesPerPage: 100 };
    await repository.save('Pat@MT-example.com', 'display', display);
    const saved = await repository.save('pat@mt-example.com', 'sending', { undoSendSeconds: 0 });
    expect(saved).toEqual({ ...DEFAULT_PREFERENCES, display, sending: { undoSendSeconds: 0 } });
    expect(await repository.get('new@mt-example.com')).toEqual(DEFAULT_PREFERENCES);
  });

  it('refuses a save based on another version of the section (a stale tab), and takes one based on the current one, also for a section never saved', async () => {
    const repository = new PreferencesRepository(store.db);
    const email = 'cas@mt-example.com';
    const untouched = contentVersion(DEFAULT_PREFERENCES.signature);
    const phone = { ...DEFAULT_PREFERENCES.signature, text: 'Sent from my phone' };
    await repository.save(email, 'signature', phone, untouched);
    await expect(repository.save(email, 'signature', { ...DEFAULT_PREFERENCES.signature, text: 'From the stale tab' }, untouched)).rejects.toMatchObject({
      code: 'conflict',
      message: PREFERENCES_CHANGED_TEXT,
      details: { version: contentVersion(phone) },
    });
    expect((await repository.get(email)).signature).toEqual(phone);
    const desk = { ...DEFAULT_PREFERENCES.signature, text: 'From the desk' };
    expect((await repository.save(email, 'signature', desk, contentVersion(phone))).signature).toEqual(desk);
  });

  it('reads a stored section that no longer validates as its default', async () => {
    await store.db
      .insertInto('preferences')
      .values({ email: 'old@mt-example.com', section: 'display', value: '{"layout":"columns"}', updated_at: 1 })
      .execute();
    expect((await new PreferencesRepository(store.db).get('old@mt-example.com')).display).toEqual(DEFAULT_PREFERENCES.display);
  });

  it('keeps a display section saved before "Conversations" existed, with conversations off', async () => {
    await store.db
      .insertInto('preferences')
      .values({ email: 'before@mt-example.com', section: 'display', value: '{"layout":"list","theme":"dark","messagesPerPage":100,"language":"en"}', updated_at: 1 })
      .execute();
    const { display } = await new PreferencesRepository(store.db).get('before@mt-example.com');
    expect(display).toEqual({ layout: 'list', theme: 'dark', messagesPerPage: 100, language: 'en', conversations: false });
  });
});

describe('preferences API', () => {
  let signed: SignedIn;
  beforeAll(async () => {
    signed = await signedInUser('prefs');
  });
  afterAll(async () => {
    await signed?.imap.logout();
    await signed?.bff.close();
  });

  it('saves a section and answers all preferences, which the next GET returns', async () => {
    const { api } = signed;
    expect(await api.json<Preferences>('GET', '/api/preferences')).toEqual(DEFAULT_PREFERENCES);
    const identity = { displayName: 'Pat Example', replyTo: 'replies@mt-example.com' };
    const updated = await api.json<Preferences>('PUT', '/api/preferences/identity', identity);
    expect(updated.identity).toEqual(identity);
    expect(await api.json<Preferences>('GET', '/api/preferences')).toEqual({ ...DEFAULT_PREFERENCES, identity });
  });

  it('a save that names the version it edited is refused (409) once that changed, with the current version', async () => {
    const { api } = signed;
    const seen = (await api.json<Preferences>('GET', '/api/preferences')).sending;
    await api.json<Preferences>('PUT', '/api/preferences/sending', { undoSendSeconds: 5 });
    const stale = await api.request('PUT', '/api/preferences/sending', { undoSendSeconds: 20 }, { 'if-match': `"${contentVersion(seen)}"` });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'conflict', details: { version: contentVersion({ undoSendSeconds: 5 }) } });
    expect((await api.json<Preferences>('GET', '/api/preferences')).sending).toEqual({ undoSendSeconds: 5 });
  });

  it('refuses bad input with the field message and changes nothing', async () => {
    const { api } = signed;
    const before = await api.json<Preferences>('GET', '/api/preferences');
    const response = await api.request('PUT', '/api/preferences/identity', { displayName: 'X', replyTo: 'not an address' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'bad_request', message: 'Enter a valid reply-to address.' });
    const tooMany = await api.request('PUT', '/api/preferences/display', { ...DEFAULT_PREFERENCES.display, messagesPerPage: 5000 });
    expect(tooMany.status).toBe(400);
    expect((await api.request('PUT', '/api/preferences/nonsense', {})).status).toBe(404);
    expect(await api.json<Preferences>('GET', '/api/preferences')).toEqual(before);
  });

  it('needs the CSRF header to save', async () => {
    const { api } = signed;
    const response = await api.request('PUT', '/api/preferences/sending', { undoSendSeconds: 5 }, { 'x-csrf-token': 'wrong' });
    expect(response.status).toBe(403);
  });
});
