import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBff, type RunningBff } from '../support/bff';
import { launchChromium, signInThroughPage } from '../support/browser';
import { wallClockIn } from '../../shared/api/calendar';
import { createTestUser, deliver, REPO_DIR, type TestUser } from '../support/stack';

describe('calendar in Chromium', () => {
  let bff: RunningBff;
  let browser: Browser;
  let user: TestUser;

  beforeAll(async () => {
    const staticDir = path.resolve(REPO_DIR, process.env.TERN_TEST_STATIC_DIR ?? 'dist/web');
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) throw new Error(`${staticDir} is not built: \`npm test\` builds it first (or run \`npx vite build\`)`);
    bff = await startBff();
    user = await createTestUser('e2e-calendar');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bff?.close();
  });

  it('creates an event by double-click, drags it to another day, makes it weekly, deletes one occurrence, hides its calendar', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    await signInThroughPage(page, bff.url, user);
    await page.getByRole('link', { name: 'Calendar' }).click();
    await page.getByRole('tab', { name: 'Week view' }).waitFor();
    // The calendars are in (the schedule's layout no longer moves) before clicking into it.
    await page.getByRole('checkbox', { name: 'Show Personal Calendar' }).waitFor();
    const schedule = page.getByRole('region', { name: 'Schedule' });
    const days = await schedule.locator('[role=columnheader][data-date]').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-date')!));
    const [, first, second] = days;
    const centreOf = async (selector: string) => {
      const box = await schedule.locator(selector).last().boundingBox();
      if (!box) throw new Error(`${selector} is not on screen`);
      return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    };
    const eventColumn = async (title: string) => {
      const box = await schedule.getByText(title).first().boundingBox();
      for (const day of days) {
        const column = await schedule.locator(`[role=columnheader][data-date="${day}"]`).boundingBox();
        if (box && column && box.x + box.width / 2 > column.x && box.x + box.width / 2 < column.x + column.width) return day;
      }
      return null;
    };

    // Double-click the 10:00 slot of the second day of the week.
    const slot = { x: (await centreOf(`[role=columnheader][data-date="${first}"]`)).x, y: (await centreOf('[data-time="10:00:00"]')).y };
    await page.mouse.dblclick(slot.x, slot.y);
    const form = page.getByRole('dialog', { name: 'New event' });
    expect(await form.getByLabel('Start time').inputValue()).toBe('10:00');
    await form.getByLabel('Title').fill('Planning');
    await form.getByRole('button', { name: 'Save' }).click();
    await schedule.getByText('Planning').waitFor();
    expect(await eventColumn('Planning')).toBe(first);

    // Drag it to the next day.
    const event = await schedule.getByText('Planning').boundingBox();
    const target = await centreOf(`[role=columnheader][data-date="${second}"]`);
    await page.mouse.move(event!.x + event!.width / 2, event!.y + 4);
    await page.mouse.down();
    await page.mouse.move(event!.x + event!.width / 2 + 20, event!.y + 10, { steps: 5 });
    await page.mouse.move(target.x, event!.y + 4, { steps: 10 });
    await page.mouse.up();
    await expect.poll(() => eventColumn('Planning')).toBe(second);
    await page.reload();
    await schedule.getByText('Planning').waitFor();
    expect(await eventColumn('Planning')).toBe(second);

    // Make it weekly: it shows in the next weeks too.
    await schedule.getByText('Planning').click();
    const edit = page.getByRole('dialog', { name: 'Edit event' });
    await edit.getByLabel('Repeat').selectOption('weekly');
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Next Week' }).click();
    await schedule.getByText('Planning').waitFor();

    // Delete only next week's occurrence.
    await schedule.getByText('Planning').click();
    await page.getByRole('dialog', { name: 'Edit event' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete a repeating event' }).getByRole('button', { name: 'This event' }).click();
    await schedule.getByText('Planning').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Next Week' }).click();
    await schedule.getByText('Planning').waitFor();
    await page.getByRole('button', { name: 'Today' }).click();
    await schedule.getByText('Planning').waitFor();

    // Untick its calendar: it disappears.
    await page.getByRole('checkbox', { name: 'Show Personal Calendar' }).uncheck();
    await schedule.getByText('Planning').waitFor({ state: 'detached' });
    await context.close();
  });

  it('an accepted invitation follows the organiser: the update moves it and the cancellation removes it, as soon as each is opened', async () => {
    const organizer = await createTestUser('e2e-organizer');
    const today = wallClockIn(new Date(), 'Europe/Berlin').slice(0, 10).replace(/-/g, '');
    const invitation = (method: 'REQUEST' | 'CANCEL', sequence: number, title: string, hour: number) =>
      [
        'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other Mail//EN', `METHOD:${method}`,
        'BEGIN:VEVENT', 'UID:design-review-7@other.example', `SEQUENCE:${sequence}`, 'DTSTAMP:20260101T120000Z',
        `DTSTART;TZID=Europe/Berlin:${today}T${hour}0000`, `DTEND;TZID=Europe/Berlin:${today}T${hour + 1}0000`,
        `SUMMARY:${title}`, `ORGANIZER;CN=Olive:mailto:${organizer.email}`,
        `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${user.email}`, 'END:VEVENT', 'END:VCALENDAR', '',
      ].join('\r\n');
    // Submitted with SMTP AUTH as the organiser: the mail server vouches for the sender, so changes apply on view.
    const send = (subject: string, method: 'REQUEST' | 'CANCEL', sequence: number, title: string, hour: number) =>
      deliver(user, { from: organizer.email, subject, text: subject, icalEvent: { method, content: invitation(method, sequence, title, hour) } }, { submitAs: organizer });

    const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    await send('Invitation: Design review', 'REQUEST', 0, 'Design review', 14);
    await signInThroughPage(page, bff.url, user);
    const card = page.getByRole('region', { name: 'Invitation' });
    const open = async (subject: string) => {
      await page.getByRole('option', { name: new RegExp(subject) }).click();
      await card.getByRole('heading').waitFor();
    };
    await open('Invitation: Design review');
    await card.getByRole('button', { name: 'Accept' }).click();
    await card.getByText('You accepted this invitation. It is in your calendar.').waitFor();

    await send('Updated: Design review', 'REQUEST', 1, 'Design review (moved)', 16);
    await open('Updated: Design review');
    await card.getByText('Your calendar now shows this update.').waitFor();
    await page.getByRole('link', { name: 'Calendar', exact: true }).click();
    const schedule = page.getByRole('region', { name: 'Schedule' });
    await schedule.getByText('Design review (moved)').waitFor();
    await schedule.getByText('Design review (moved)').click();
    const form = page.getByRole('dialog', { name: 'Edit event' });
    expect(await form.getByLabel('Start time').inputValue()).toBe('16:00');
    await form.getByRole('button', { name: 'Cancel' }).click();

    await send('Cancelled: Design review', 'CANCEL', 2, 'Design review (moved)', 16);
    await page.getByRole('link', { name: 'Mail', exact: true }).click();
    await open('Cancelled: Design review');
    await card.getByText('It was removed from your calendar.').waitFor();
    await page.getByRole('link', { name: 'Calendar', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Show Personal Calendar' }).waitFor();
    await schedule.getByText('Design review (moved)').waitFor({ state: 'detached' });
    await context.close();
  });
});
