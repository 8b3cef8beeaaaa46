import { describe, expect, it } from 'vitest';
import { appInChromium, messageRow, signInThroughPage } from '../support/browser';
import { createTestUser, deliver, imapClient, type TestUser } from '../support/stack';

/** Subjects in a folder, read with a direct IMAP connection: what the server really holds. */
async function subjectsIn(user: TestUser, folder: string): Promise<string[]> {
  const client = await imapClient(user);
  try {
    const box = await client.mailboxOpen(folder, { readOnly: true });
    if (box.exists === 0) return [];
    return (await client.fetchAll('1:*', { envelope: true })).map((message) => message.envelope?.subject ?? '').sort();
  } finally {
    await client.logout();
  }
}

const row = messageRow;

describe('snooze in Chromium', () => {
  const app = appInChromium();

  it('snoozes a message from the Inbox until tomorrow; it waits in Snoozed saying when it returns; Unsnooze brings it back', async () => {
    const user = await createTestUser('e2esnooze');
    await deliver(user, { from: 'Dentist <dentist@example.net>', subject: 'Appointment reminder', text: 'See you soon.' });
    await deliver(user, { from: 'friend@example.net', subject: 'Stays put', text: 'x' });
    const context = await app.browser.newContext({ viewport: { width: 1360, height: 820 }, locale: 'en-GB', timezoneId: 'Europe/Paris' });
    const page = await context.newPage();
    await signInThroughPage(page, app.bff.url, user);

    await row(page, 'Appointment reminder').click();
    await page.getByRole('button', { name: 'Snooze', exact: true }).click();
    const tomorrow = page.getByRole('menuitem', { name: /^Tomorrow: / });
    // en-GB in Paris: "Tomorrow: Fri 4 Dec, 8:00".
    expect(await tomorrow.textContent()).toMatch(/^Tomorrow: \w{3} \d{1,2} \w{3},? 0?8:00$/);
    await tomorrow.click();

    await page.locator('.toast', { hasText: '1 message snoozed until' }).waitFor();
    await expect.poll(() => row(page, 'Appointment reminder').count()).toBe(0);
    expect(await subjectsIn(user, 'INBOX')).toEqual(['Stays put']);
    expect(await subjectsIn(user, 'Snoozed')).toEqual(['Appointment reminder']);

    await page.getByRole('treeitem', { name: /^Snoozed/ }).click();
    const snoozed = row(page, 'Appointment reminder');
    await snoozed.waitFor();
    await expect.poll(() => snoozed.textContent()).toMatch(/Returns \w{3} \d{1,2} \w{3},? 0?8:00/);

    await snoozed.click();
    await page.getByRole('button', { name: 'Unsnooze' }).click();
    await expect.poll(() => row(page, 'Appointment reminder').count()).toBe(0);
    await expect.poll(() => subjectsIn(user, 'INBOX')).toEqual(['Appointment reminder', 'Stays put']);
    expect(await subjectsIn(user, 'Snoozed')).toEqual([]);

    // Back at the top of the Inbox, unread.
    await page.getByRole('treeitem', { name: /^Inbox/ }).click();
    const first = page.getByRole('listbox').getByRole('option').first();
    await expect.poll(() => first.getAttribute('aria-label')).toMatch(/Appointment reminder,.*Unread/);

    // "Pick a date & time…": the browser's own field; a past time is refused, a future one kept.
    await row(page, 'Stays put').click();
    await page.getByRole('button', { name: 'Snooze', exact: true }).click();
    await page.getByRole('menuitem', { name: 'Pick a date & time…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Snooze until' });
    await dialog.getByLabel('Date and time').fill('2020-05-17T09:30');
    await dialog.getByRole('button', { name: 'Snooze' }).click();
    await dialog.getByText('Choose a time in the future: that time has already passed.').waitFor();
    const inAMonth = new Date(Date.now() + 30 * 24 * 60 * 60_000).toISOString().slice(0, 10);
    await dialog.getByLabel('Date and time').fill(`${inAMonth}T09:30`);
    await dialog.getByRole('button', { name: 'Snooze' }).click();
    await page.locator('.toast', { hasText: '1 message snoozed until' }).waitFor();
    await expect.poll(() => subjectsIn(user, 'Snoozed')).toEqual(['Stays put']);

    await page.getByRole('treeitem', { name: /^Snoozed/ }).click();
    await expect.poll(() => row(page, 'Stays put').textContent()).toMatch(/Returns \w{3},? \d{1,2} \w{3}( \d{4})?,? 0?9:30/);
    await context.close();
  });
});
