import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTOREPLY_CHANGED_TEXT, DEFAULT_AUTOREPLY, type AutoreplySettings } from '../../shared/api/autoreply';
import { contentVersion } from '../../shared/content-version';
import { ApiClient } from '../support/api-client';
import { startBff, type RunningBff } from '../support/bff';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

async function subjectsIn(user: TestUser): Promise<string[]> {
  const client = await imapClient(user);
  try {
    await client.mailboxOpen('INBOX', { readOnly: true });
    const subjects: string[] = [];
    for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
    return subjects;
  } catch {
    return [];
  } finally {
    await client.logout();
  }
}

/** Mail to `user` through the stack, then a pause: Dovecot sends vacation replies right after delivery. */
async function markerArrives(user: TestUser): Promise<void> {
  await deliver(user, { subject: 'marker', text: 'Marker.\n' }, { from: 'marker@example.net' });
  await new Promise((resolve) => setTimeout(resolve, 1500));
}

describe('"Auto-reply" as Sieve vacation', () => {
  it('answers another local user once per period, never a mailing list, and shows what it saved', async () => {
    const [away, colleague, list] = await Promise.all([createTestUser('away'), createTestUser('colleague'), createTestUser('list')]);
    const api = new ApiClient(bff.url);
    expect((await api.signIn(away.email, away.password)).status).toBe(200);
    expect(await api.json<AutoreplySettings>('GET', '/api/settings/autoreply')).toEqual(DEFAULT_AUTOREPLY);

    const settings: AutoreplySettings = { enabled: true, subject: 'Out of office', message: 'Back on Monday.\n"Quotes" and ${braces} stay as written.', endDate: '2999-12-31' };
    expect(await api.json<AutoreplySettings>('PUT', '/api/settings/autoreply', settings)).toEqual(settings);
    expect(await api.json<AutoreplySettings>('GET', '/api/settings/autoreply')).toEqual(settings);

    await deliver(away, { from: colleague.email, to: away.email, subject: 'Lunch?', text: 'Lunch?\n' });
    await expect.poll(async () => (await subjectsIn(colleague)).filter((subject) => subject === 'Out of office').length, { timeout: 15_000, interval: 300 }).toBe(1);

    await deliver(away, { from: colleague.email, to: away.email, subject: 'Lunch tomorrow then?', text: 'Tomorrow?\n' });
    await deliver(away, { from: list.email, to: away.email, subject: 'Newsletter', text: 'News.\n', headers: { 'List-Id': '<news.example.net>' } });
    await markerArrives(colleague);
    await markerArrives(list);
    expect((await subjectsIn(colleague)).filter((subject) => subject === 'Out of office')).toHaveLength(1);
    expect(await subjectsIn(list)).not.toContain('Out of office');
  });

  it('sends nothing after its end date', async () => {
    const [away, colleague] = await Promise.all([createTestUser('away-ended'), createTestUser('colleague-ended')]);
    const api = new ApiClient(bff.url);
    expect((await api.signIn(away.email, away.password)).status).toBe(200);
    await api.json('PUT', '/api/settings/autoreply', { enabled: true, subject: 'Out of office', message: 'Away.', endDate: '2001-01-31' });
    await deliver(away, { from: colleague.email, to: away.email, subject: 'Still away?', text: 'Hello?\n' });
    await markerArrives(colleague);
    expect(await subjectsIn(colleague)).not.toContain('Out of office');
  });

  it('refuses a save based on the auto-reply as it was before a change made elsewhere, and takes one based on what is there now', async () => {
    const user = await createTestUser('away-two-tabs');
    const api = new ApiClient(bff.url);
    await api.signIn(user.email, user.password);
    const opened = await api.json<AutoreplySettings>('GET', '/api/settings/autoreply');
    const phone: AutoreplySettings = { enabled: true, subject: 'Away', message: 'Written on the phone.', endDate: '' };
    await api.json('PUT', '/api/settings/autoreply', phone);
    const stale = await api.request('PUT', '/api/settings/autoreply', { ...opened, message: 'From the stale tab.' }, { 'if-match': `"${contentVersion(opened)}"` });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ message: AUTOREPLY_CHANGED_TEXT, details: { version: contentVersion(phone) } });
    expect(await api.json<AutoreplySettings>('GET', '/api/settings/autoreply')).toEqual(phone);
    // The version the browser computes from what it read is the one the BFF checks.
    const current = await api.json<AutoreplySettings>('GET', '/api/settings/autoreply');
    const desk = { ...current, message: 'From the desk.' };
    expect((await api.request('PUT', '/api/settings/autoreply', desk, { 'if-match': `"${contentVersion(current)}"` })).status).toBe(200);
  });

  it('refuses an enabled auto-reply without a message', async () => {
    const user = await createTestUser('away-empty');
    const api = new ApiClient(bff.url);
    await api.signIn(user.email, user.password);
    const response = await api.request('PUT', '/api/settings/autoreply', { ...DEFAULT_AUTOREPLY, enabled: true, message: '  ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ message: 'Write the message people receive.' });
  });
});
