import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AntispamSettings } from '../../shared/api/antispam';
import { FILTERS_CHANGED_TEXT, NEW_FILTER_RULE, type ApplyFilterResult, type FilterRule, type FiltersResponse } from '../../shared/api/filters';
import { FILTER_APPLY_WINDOW } from '../../shared/limits';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

// Mail goes through the real stack: inbound SMTP → SpamAssassin → LMTP →
// Sieve (the script Tern installed over ManageSieve, compiled by Dovecot's
// CHECKSCRIPT on every save), with nobody signed in.
const GTUBE = 'XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X';

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

const rule = (overrides: Partial<FilterRule>): FilterRule => ({ ...NEW_FILTER_RULE, ...overrides });

async function signIn(user: TestUser): Promise<ApiClient> {
  const api = new ApiClient(bff.url);
  expect((await api.signIn(user.email, user.password)).status).toBe(200);
  return api;
}

async function saveFilters(api: ApiClient, rules: FilterRule[]): Promise<FiltersResponse> {
  return api.json<FiltersResponse>('PUT', '/api/filters', rules);
}

async function withImap<T>(user: TestUser, work: (client: Awaited<ReturnType<typeof imapClient>>) => Promise<T>): Promise<T> {
  const client = await imapClient(user);
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

async function flagsOf(user: TestUser, mailbox: string, uid: number): Promise<Set<string>> {
  return withImap(user, async (client) => {
    await client.mailboxOpen(mailbox, { readOnly: true });
    const message = await client.fetchOne(String(uid), { flags: true }, { uid: true });
    if (!message) throw new Error(`no message ${uid} in ${mailbox}`);
    // \Recent is the session's view, not a flag anyone set.
    return new Set([...(message.flags ?? [])].filter((flag) => flag !== '\\Recent'));
  });
}

async function subjectsIn(user: TestUser, mailbox: string): Promise<string[]> {
  return withImap(user, async (client) => {
    const opened = await client.mailboxOpen(mailbox, { readOnly: true });
    if (opened.exists === 0) return [];
    const subjects: string[] = [];
    for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
    return subjects.sort();
  });
}

describe('filters run by the mail server at delivery', () => {
  it('move and mark read, flag, delete (to Trash), forward and stop, with the user signed out; a disabled rule does nothing', async () => {
    const [user, colleague] = await Promise.all([createTestUser('filters'), createTestUser('filters-forward')]);
    await withImap(user, (client) => client.mailboxCreate('Lists'));
    const api = await signIn(user);
    const saved = await saveFilters(api, [
      rule({ field: 'header', header: 'List-Id', value: 'dev.lists.example', moveTo: 'Lists', markRead: true }),
      rule({ field: 'subject', match: 'contains', value: 'STOPPER', flag: true, stop: true }),
      rule({ field: 'subject', match: 'contains', value: 'urgent', flag: true, markRead: true }),
      rule({ field: 'from', match: 'is', value: 'noisy@example.net', delete: true }),
      rule({ field: 'from', match: 'matches', value: '*@boss.example', forwardTo: colleague.email }),
      rule({ field: 'subject', match: 'contains', value: 'ignored', moveTo: 'Lists', enabled: false }),
    ]);
    expect(saved.rules).toHaveLength(6);
    expect((await api.request('DELETE', '/api/session')).status).toBe(204);

    const listed = await deliver(user, { from: 'someone@example.net', subject: 'Release notes', text: 'Hi.\n', headers: { 'List-Id': 'Developers <dev.lists.example>' } }, { mailbox: 'Lists' });
    expect(await flagsOf(user, 'Lists', listed.uid)).toContain('\\Seen');
    const urgent = await deliver(user, { from: 'x@example.net', subject: 'Very URGENT matter', text: 'Now.\n' });
    expect(await flagsOf(user, 'INBOX', urgent.uid)).toEqual(new Set(['\\Flagged', '\\Seen']));
    // Rule 2 stops: rule 3 ("urgent") would also mark it read.
    const stopped = await deliver(user, { from: 'x@example.net', subject: 'STOPPER urgent', text: 'Stop.\n' });
    expect(await flagsOf(user, 'INBOX', stopped.uid)).toEqual(new Set(['\\Flagged']));
    await deliver(user, { from: 'Noisy@Example.net', subject: 'Buy things', text: 'Buy.\n' }, { mailbox: 'Trash' });
    await deliver(user, { from: 'chief@boss.example', subject: 'Plans for Q3', text: 'Plans.\n' });
    await expect.poll(() => subjectsIn(colleague, 'INBOX'), { timeout: 15_000, interval: 300 }).toEqual(['Plans for Q3']);
    await deliver(user, { from: 'x@example.net', subject: 'ignored by a disabled rule', text: 'Hi.\n' });
  });

  it('a rule whose folder was deleted after the save keeps the mail in the Inbox; saving it again names the rule and changes nothing', async () => {
    const user = await createTestUser('filters-gone');
    await withImap(user, (client) => client.mailboxCreate('Receipts'));
    const api = await signIn(user);
    const rules = [rule({ field: 'subject', value: 'nothing', flag: true }), rule({ field: 'subject', value: 'receipt', moveTo: 'Receipts', markRead: true })];
    const saved = await saveFilters(api, rules);
    await withImap(user, (client) => client.mailboxDelete('Receipts'));

    // fileinto without :create fails at delivery; Dovecot then keeps the message in the Inbox.
    await deliver(user, { from: 'shop@example.net', subject: 'Your receipt', text: 'Paid.\n' });
    expect(await withImap(user, async (client) => (await client.list()).map((entry) => entry.path))).not.toContain('Receipts');

    const response = await api.request('PUT', '/api/filters', rules);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { message: string; details: { fields: Record<string, string> } };
    expect(body.message).toBe('Rule 2: the folder "Receipts" does not exist.');
    expect(body.details.fields['1.moveTo']).toBe(body.message);
    expect(await api.json<FiltersResponse>('GET', '/api/filters')).toEqual(saved);
  });

  it('anti-spam comes first (a rule never rescues spam, the whitelist does) and the auto-reply still answers, except after "Stop"', async () => {
    const [user, colleague, quiet] = await Promise.all([createTestUser('filters-spam'), createTestUser('filters-colleague'), createTestUser('filters-quiet')]);
    await withImap(user, (client) => client.mailboxCreate('Projects'));
    const api = await signIn(user);
    const antispam: AntispamSettings = { mode: 'custom', sensitivity: 5, handling: 'move', whitelist: ['friend@example.org'], blacklist: [] };
    await api.json('PUT', '/api/settings/antispam', antispam);
    await api.json('PUT', '/api/settings/autoreply', { enabled: true, subject: 'Away', message: 'Back soon.', endDate: '' });
    await saveFilters(api, [rule({ field: 'subject', value: 'project', moveTo: 'Projects' }), rule({ field: 'from', match: 'is', value: quiet.email, stop: true })]);
    expect((await api.request('DELETE', '/api/session')).status).toBe(204);

    await deliver(user, { from: 'spammer@example.net', subject: 'project offer', text: `${GTUBE}\n` }, { mailbox: 'Junk' });
    await deliver(user, { from: 'friend@example.org', subject: 'project joke', text: `${GTUBE}\n` }, { mailbox: 'Projects' });
    await deliver(user, { from: colleague.email, subject: 'project lunch?', text: 'Lunch?\n' }, { mailbox: 'Projects' });
    await expect.poll(() => subjectsIn(colleague, 'INBOX'), { timeout: 15_000, interval: 300 }).toEqual(['Away']);
    await deliver(user, { from: quiet.email, subject: 'a quiet note', text: 'Hi.\n' });
    // Vacation replies go out right after delivery: a later message to the quiet sender is the marker.
    await deliver(quiet, { from: 'marker@example.net', subject: 'marker', text: 'Marker.\n' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await subjectsIn(quiet, 'INBOX')).toEqual(['marker']);
  });

  it('escapes what the user typed: an attempt to inject Sieve is compiled as plain text and matched literally', async () => {
    const user = await createTestUser('filters-inject');
    await withImap(user, (client) => client.mailboxCreate('Odd "names" \\ too'));
    const api = await signIn(user);
    const value = 'x" { discard; } if true { discard; } #';
    expect((await saveFilters(api, [rule({ field: 'subject', value, moveTo: 'Odd "names" \\ too' })])).rules[0]?.value).toBe(value);
    await deliver(user, { from: 'x@example.net', subject: 'an ordinary message', text: 'Kept.\n' });
    await deliver(user, { from: 'x@example.net', subject: `about ${value} indeed`, text: 'Filed.\n' }, { mailbox: 'Odd "names" \\ too' });
  });
});

describe('filter settings', () => {
  it('refuses a save based on filters changed elsewhere since, and takes one based on what is there now', async () => {
    const user = await createTestUser('filters-tabs');
    const api = await signIn(user);
    const opened = await api.json<FiltersResponse>('GET', '/api/filters');
    expect(opened.rules).toEqual([]);
    const elsewhere = await saveFilters(api, [rule({ value: 'phone@example.net', flag: true })]);
    const stale = await api.request('PUT', '/api/filters', [rule({ value: 'tab@example.net', markRead: true })], { 'if-match': `"${opened.version}"` });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ message: FILTERS_CHANGED_TEXT, details: { version: elsewhere.version } });
    expect(await api.json<FiltersResponse>('GET', '/api/filters')).toEqual(elsewhere);
    const current = await api.request('PUT', '/api/filters', [rule({ value: 'tab@example.net', markRead: true })], { 'if-match': `"${elsewhere.version}"` });
    expect(current.status).toBe(200);
  });

  it('"Create filter" starts from the List-Id when the message has one, else from the sender', async () => {
    const user = await createTestUser('filters-create');
    const api = await signIn(user);
    const listed = await deliver(user, { from: 'poster@example.net', subject: 'List mail', text: 'Hi.\n', headers: { 'List-Id': 'Announcements <announce.lists.example>' } });
    const personal = await deliver(user, { from: '"Ann Other" <Ann@Example.net>', subject: 'Hello', text: 'Hi.\n' });
    expect(await api.json<FilterRule>('GET', `/api/filters/from-message?folder=INBOX&uid=${listed.uid}`)).toEqual(
      rule({ field: 'header', header: 'List-Id', match: 'contains', value: 'announce.lists.example' }),
    );
    expect(await api.json<FilterRule>('GET', `/api/filters/from-message?folder=INBOX&uid=${personal.uid}`)).toEqual(rule({ field: 'from', match: 'is', value: 'ann@example.net' }));
  });
});

describe('"Apply to this folder now"', () => {
  it('moves and marks the existing mail the rule matches, window by window over a folder larger than one window', async () => {
    const user = await createTestUser('filters-apply');
    // 1,027 messages, built by COPY (APPENDing each one costs ~40 ms): invoices at UIDs 1, 514 and 1,027, notes between.
    const note = (n: number) => `From: billing@example.net\r\nSubject: ${n ? `Invoice ${n}` : 'Note'}\r\n\r\n${n ? 'Due.' : 'Invoice attached (the rule looks at the subject only).'}\r\n`;
    await withImap(user, async (client) => {
      await client.mailboxCreate('Invoices');
      await client.append('INBOX', note(1));
      await client.append('INBOX', note(0));
      await client.mailboxOpen('INBOX');
      for (let copies = 0; copies < 9; copies++) {
        await client.messageCopy('2:*', 'INBOX', { uid: true });
        await client.noop();
      }
      await client.append('INBOX', note(514));
      await client.messageCopy('2:513', 'INBOX', { uid: true });
      await client.append('INBOX', note(1027));
    });
    const total = 1027;
    const api = await signIn(user);
    const invoices = rule({ field: 'subject', match: 'contains', value: 'invoice', moveTo: 'Invoices', markRead: true });

    const windows: ApplyFilterResult[] = [];
    let after = 0;
    for (;;) {
      const result = await api.json<ApplyFilterResult>('POST', '/api/filters/apply', { rule: invoices, folder: 'INBOX', after });
      windows.push(result);
      if (result.next === null) break;
      after = result.next;
    }
    expect(windows.map(({ looked, matched, remaining }) => ({ looked, matched, remaining }))).toEqual([
      { looked: FILTER_APPLY_WINDOW, matched: 2, remaining: total - FILTER_APPLY_WINDOW },
      { looked: total - FILTER_APPLY_WINDOW, matched: 1, remaining: 0 },
    ]);
    expect(await subjectsIn(user, 'Invoices')).toEqual(['Invoice 1', 'Invoice 1027', 'Invoice 514']);
    const flags = await withImap(user, async (client) => {
      await client.mailboxOpen('Invoices', { readOnly: true });
      const all: string[][] = [];
      for await (const message of client.fetch('1:*', { flags: true })) all.push([...(message.flags ?? [])].filter((flag) => flag !== '\\Recent'));
      return all;
    });
    expect(flags).toEqual([['\\Seen'], ['\\Seen'], ['\\Seen']]);
    expect((await subjectsIn(user, 'INBOX')).length).toBe(total - 3);
  });

  it('refuses a rule with a problem, naming it, and touches nothing', async () => {
    const user = await createTestUser('filters-apply-bad');
    const api = await signIn(user);
    const response = await api.request('POST', '/api/filters/apply', { rule: rule({ value: 'x', moveTo: 'Nowhere' }), folder: 'INBOX', after: 0 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toBe('The folder "Nowhere" does not exist.');
  });
});
