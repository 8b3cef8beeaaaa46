import type { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Folder, FolderList } from '../../shared/api/folders';
import type { ErrorBody } from '../../shared/errors';
import { runRawCommand } from '../../server/mail/imap/raw-command';
import type { ApiClient } from '../support/api-client';
import type { RunningBff } from '../support/bff';
import { signedInUser } from '../support/signed-in';

describe('folder administration through the BFF, checked with LIST on the IMAP server', () => {
  let bff: RunningBff;
  let api: ApiClient;
  let imap: ImapFlow;

  beforeAll(async () => {
    ({ bff, api, imap } = await signedInUser('folders'));
  });
  afterAll(async () => {
    await imap?.logout();
    await bff?.close();
  });

  /** Path → subscribed, for every folder LIST shows (hierarchy-only levels left out). */
  async function listed(): Promise<Map<string, boolean>> {
    const entries = await imap.list();
    return new Map(entries.filter((entry) => !entry.flags.has('\\NonExistent')).map((entry) => [entry.path, entry.subscribed === true]));
  }

  async function errorOf(response: Response): Promise<ErrorBody> {
    return (await response.json()) as ErrorBody;
  }

  it('creates a folder at the top level and under a parent, subscribed, in the shape of the folder list', async () => {
    const response = await api.request('POST', '/api/folders', { name: 'Receipts' });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      path: 'Receipts', name: 'Receipts', specialUse: null, depth: 0, delimiter: '/', unread: 0, total: 0, subscribed: true,
    });
    const child = await api.json<Folder>('POST', '/api/folders', { name: '2026', parent: 'Receipts' });
    expect(child).toMatchObject({ path: 'Receipts/2026', name: '2026', depth: 1, subscribed: true });
    const list = await api.json<FolderList>('GET', '/api/folders');
    expect(list.folders.find((folder) => folder.path === 'Receipts/2026')).toEqual(child);
    expect((await listed()).get('Receipts/2026')).toBe(true);

    const accented = await api.json<Folder>('POST', '/api/folders', { name: 'Événements & Fêtes', parent: 'Receipts' });
    expect(accented).toMatchObject({ path: 'Receipts/Événements & Fêtes', name: 'Événements & Fêtes' });
    expect((await listed()).has('Receipts/Événements & Fêtes')).toBe(true);
  });

  it('refuses names with the delimiter, duplicates and missing parents with a clear 4xx', async () => {
    const slash = await api.request('POST', '/api/folders', { name: 'a/b' });
    expect(slash.status).toBe(400);
    expect((await errorOf(slash)).message).toContain('cannot contain "/"');
    const duplicate = await api.request('POST', '/api/folders', { name: 'Receipts' });
    expect(duplicate.status).toBe(400);
    expect((await errorOf(duplicate)).message).toContain('already a folder "Receipts"');
    const orphan = await api.request('POST', '/api/folders', { name: 'x', parent: 'No Parent' });
    expect(orphan.status).toBe(404);
    expect((await errorOf(orphan)).message).toContain('"No Parent"');
    const blank = await api.request('POST', '/api/folders', { name: '   ' });
    expect(blank.status).toBe(400);
    expect((await errorOf(blank)).message).toBe('Give the folder a name.');
    expect([...(await listed()).keys()].some((path) => path.startsWith('a/') || path === 'x' || path.endsWith('/x'))).toBe(false);
  });

  it('shows the server\'s own reason when it refuses a name', async () => {
    const response = await api.request('POST', '/api/folders', { name: '~tilde' });
    expect(response.status).toBe(400);
    const body = await errorOf(response);
    expect(body.code).toBe('mail_server_refused');
    expect(body.message).toBe("The mail server refused: Invalid mailbox name: Begins with '~'");
  });

  it('renames a folder with its subfolders and keeps their subscriptions', async () => {
    await api.json<Folder>('POST', '/api/folders', { name: 'Trips' });
    await api.json<Folder>('POST', '/api/folders', { name: 'Rome', parent: 'Trips' });
    await imap.append('Trips/Rome', 'Subject: Tickets\r\n\r\nSee you there.\r\n');
    const renamed = await api.json<Folder>('PATCH', '/api/folders', { path: 'Trips', name: 'Travel' });
    expect(renamed).toMatchObject({ path: 'Travel', name: 'Travel', depth: 0, subscribed: true });
    const now = await listed();
    expect(now.has('Trips')).toBe(false);
    expect(now.get('Travel')).toBe(true);
    expect(now.get('Travel/Rome')).toBe(true);
    expect(await imap.status('Travel/Rome', { messages: true })).toMatchObject({ messages: 1 });
  });

  it('moves a folder under another parent and back to the top level', async () => {
    await api.json<Folder>('POST', '/api/folders', { name: 'Work' });
    await api.json<Folder>('POST', '/api/folders', { name: 'Clients' });
    const moved = await api.json<Folder>('PATCH', '/api/folders', { path: 'Clients', parent: 'Work' });
    expect(moved).toMatchObject({ path: 'Work/Clients', name: 'Clients', depth: 1 });
    expect((await listed()).has('Work/Clients')).toBe(true);
    expect((await listed()).has('Clients')).toBe(false);

    const intoItself = await api.request('PATCH', '/api/folders', { path: 'Work', parent: 'Work/Clients' });
    expect(intoItself.status).toBe(400);

    const movedAndRenamed = await api.json<Folder>('PATCH', '/api/folders', { path: 'Work/Clients', parent: null, name: 'Customers' });
    expect(movedAndRenamed).toMatchObject({ path: 'Customers', depth: 0 });
    expect((await listed()).has('Customers')).toBe(true);
  });

  it('subscribes and unsubscribes', async () => {
    await api.json<Folder>('POST', '/api/folders', { name: 'Lists' });
    const off = await api.json<Folder>('PATCH', '/api/folders', { path: 'Lists', subscribed: false });
    expect(off.subscribed).toBe(false);
    expect((await listed()).get('Lists')).toBe(false);
    const on = await api.json<Folder>('PATCH', '/api/folders', { path: 'Lists', subscribed: true });
    expect(on.subscribed).toBe(true);
    expect((await listed()).get('Lists')).toBe(true);
  });

  it('deletes a folder with its subfolders and their messages', async () => {
    await api.json<Folder>('POST', '/api/folders', { name: 'Old' });
    await api.json<Folder>('POST', '/api/folders', { name: 'Older', parent: 'Old' });
    await imap.append('Old/Older', 'Subject: Gone\r\n\r\nbye\r\n');
    expect((await api.request('DELETE', '/api/folders?path=Old')).status).toBe(204);
    const now = await listed();
    expect(now.has('Old')).toBe(false);
    expect(now.has('Old/Older')).toBe(false);
    // Subscriptions go with the folder: a new folder of the same name starts clean.
    const subscribed = (await runRawCommand(imap, 'LSUB', [{ type: 'STRING', value: '' }, { type: 'STRING', value: '*' }], 'LSUB'))
      .map((attributes) => attributes[2])
      .map((name) => (name && !Array.isArray(name) ? name.value : ''));
    expect(subscribed).toContain('Receipts');
    expect(subscribed.filter((name) => name.startsWith('Old'))).toEqual([]);

    const missing = await api.request('DELETE', '/api/folders?path=Old');
    expect(missing.status).toBe(404);
    const noPath = await api.request('DELETE', '/api/folders');
    expect(noPath.status).toBe(400);
  });

  it('protects the special five (403 naming the folder as users know it) and changes nothing', async () => {
    const before = await listed();
    const attempts: Array<[string, string, unknown, string]> = [
      ['DELETE', '/api/folders?path=Junk', undefined, '"Spam" is a special folder: it cannot be deleted.'],
      ['DELETE', '/api/folders?path=INBOX', undefined, '"Inbox" is a special folder: it cannot be deleted.'],
      ['PATCH', '/api/folders', { path: 'Trash', name: 'Bin' }, '"Trash" is a special folder: it cannot be renamed or moved.'],
      ['PATCH', '/api/folders', { path: 'Sent', parent: 'Receipts' }, '"Sent" is a special folder: it cannot be renamed or moved.'],
      ['PATCH', '/api/folders', { path: 'Drafts', name: 'Drafts', parent: null }, '"Drafts" is a special folder: it cannot be renamed or moved.'],
    ];
    for (const [method, path, body, message] of attempts) {
      const response = await api.request(method, path, body);
      expect(response.status).toBe(403);
      expect(await errorOf(response)).toEqual({ code: 'forbidden', message });
    }
    // A user folder cannot take a special folder's name either.
    const taken = await api.request('PATCH', '/api/folders', { path: 'Receipts', name: 'Trash' });
    expect(taken.status).toBe(400);
    expect(await listed()).toEqual(before);

    // Subscribing a special folder is not a rename: allowed.
    expect((await api.json<Folder>('PATCH', '/api/folders', { path: 'Junk', subscribed: true })).name).toBe('Spam');
  });
});
