import { describe, expect, it } from 'vitest';
import { updateEventObject } from '../../server/calendar/event-writer';
import { alreadyInCopy, applyToCopy, calendarCopy, changeAuthors, copyStateOf } from '../../server/calendar/invitations';
import { vouchedSenders } from '../../server/calendar/mail-origin';
import { occurrencesInRange } from '../../server/calendar/occurrences';

// Updates and cancellations of a weekly series, one occurrence at a time, carried into the invitee's copy.

const ME = 'ivy@tern.test';
const ORGANIZER = 'olive@other.example';
const ref = { calendarId: 'personal', objectName: 'copy.ics', etag: null };

function message(method: string, events: string[][]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other//EN', `METHOD:${method}`, ...events.flat(), 'END:VCALENDAR', ''].join('\r\n');
}

function event(sequence: number, lines: string[], organizer = ORGANIZER): string[] {
  return [
    'BEGIN:VEVENT', 'UID:weekly-review@other.example', `SEQUENCE:${sequence}`, 'DTSTAMP:20260101T120000Z',
    `ORGANIZER:mailto:${organizer}`, `ATTENDEE;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${ME}`, ...lines, 'END:VEVENT',
  ];
}

const series = event(0, ['DTSTART;TZID=Europe/Berlin:20260302T100000', 'DTEND;TZID=Europe/Berlin:20260302T110000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Weekly review']);
/** The accepted copy in the calendar. */
const accepted = calendarCopy(message('REQUEST', [series]), ME, 'ACCEPTED');

function march(ics: string) {
  return occurrencesInRange(ics, ref, new Date('2026-03-01T00:00:00Z'), new Date('2026-04-01T00:00:00Z')).map((o) => [o.start, o.title]);
}

describe('an invitee’s copy of a repeating event', () => {
  it('a cancelled occurrence goes from the copy; the others stay, and the same message again changes nothing', () => {
    const cancel = message('CANCEL', [event(1, ['RECURRENCE-ID;TZID=Europe/Berlin:20260309T100000', 'DTSTART;TZID=Europe/Berlin:20260309T100000', 'STATUS:CANCELLED'])]);
    expect(copyStateOf(cancel, accepted, ME)).toBe('pending');
    const after = applyToCopy(cancel, accepted, ME)!;
    expect(after).toContain('EXDATE;TZID=Europe/Berlin:20260309T100000');
    expect(march(after)).toEqual([
      ['2026-03-02T09:00:00.000Z', 'Weekly review'],
      ['2026-03-16T09:00:00.000Z', 'Weekly review'],
      ['2026-03-23T09:00:00.000Z', 'Weekly review'],
    ]);
    expect(copyStateOf(cancel, after, ME)).toBe('current');
  });

  it('an occurrence the copy already excludes, as the second value of one EXDATE line, is cancelled already', () => {
    const excluded = accepted.replace('RRULE:FREQ=WEEKLY;COUNT=4', 'RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;TZID=Europe/Berlin:20260302T100000,20260316T100000');
    const cancel = message('CANCEL', [event(1, ['RECURRENCE-ID;TZID=Europe/Berlin:20260316T100000', 'DTSTART;TZID=Europe/Berlin:20260316T100000', 'STATUS:CANCELLED'])]);
    expect(copyStateOf(cancel, excluded, ME)).toBe('current');
  });

  it('one moved occurrence joins the copy with the user’s answer; the series keeps its rule', () => {
    const moved = message('REQUEST', [event(1, ['RECURRENCE-ID;TZID=Europe/Berlin:20260316T100000', 'DTSTART;TZID=Europe/Berlin:20260317T140000', 'DTEND;TZID=Europe/Berlin:20260317T150000', 'SUMMARY:Weekly review (Tuesday)'])]);
    expect(copyStateOf(moved, accepted, ME)).toBe('pending');
    const after = applyToCopy(moved, accepted, ME)!;
    expect(march(after)).toEqual([
      ['2026-03-02T09:00:00.000Z', 'Weekly review'],
      ['2026-03-09T09:00:00.000Z', 'Weekly review'],
      ['2026-03-17T13:00:00.000Z', 'Weekly review (Tuesday)'],
      ['2026-03-23T09:00:00.000Z', 'Weekly review'],
    ]);
    expect(after.match(/PARTSTAT=ACCEPTED/g)).toHaveLength(2);
    expect(copyStateOf(moved, after, ME)).toBe('current');
  });

  it('the whole series sent again replaces the copy; an older message is outdated; another organiser may not touch it', () => {
    const rescheduled = message('REQUEST', [event(2, ['DTSTART;TZID=Europe/Berlin:20260303T090000', 'DTEND;TZID=Europe/Berlin:20260303T100000', 'RRULE:FREQ=WEEKLY;COUNT=2', 'SUMMARY:Weekly review'])]);
    const after = applyToCopy(rescheduled, accepted, ME)!;
    expect(march(after).map(([start]) => start)).toEqual(['2026-03-03T08:00:00.000Z', '2026-03-10T08:00:00.000Z']);
    expect(after).toContain('PARTSTAT=ACCEPTED');
    expect(copyStateOf(message('REQUEST', [series]), after, ME)).toBe('outdated');
    const forged = message('CANCEL', [event(5, ['DTSTART;TZID=Europe/Berlin:20260303T090000'], 'mallory@evil.example')]);
    expect(copyStateOf(forged, after, ME)).toBe('foreign');
  });

  it('a reminder the invitee adds to the copy does not make the organiser’s next update look old, and survives it', () => {
    const context = { now: new Date('2026-02-01T08:00:00Z'), newUid: () => 'unused', user: ME };
    const form = { title: 'Weekly review', location: '', description: '', allDay: false, start: '2026-03-02T10:00', end: '2026-03-02T11:00', timeZone: 'Europe/Berlin', repeat: { frequency: 'weekly' as const, interval: 1, weekdays: [], monthlyBy: 'date' as const, until: null, count: 4 }, reminderMinutes: 15 };
    const withReminder = updateEventObject(accepted, { occurrenceId: null, scope: 'all', event: form }, context).ics;
    expect(withReminder).toContain('SEQUENCE:0');
    expect(withReminder).toContain('DTSTAMP:20260101T120000Z');
    const update = message('REQUEST', [event(1, ['DTSTART;TZID=Europe/Berlin:20260302T113000', 'DTEND;TZID=Europe/Berlin:20260302T123000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Weekly review'])]);
    expect(copyStateOf(update, withReminder, ME)).toBe('pending');
    const updated = applyToCopy(update, withReminder, ME)!;
    expect(march(updated)[0]).toEqual(['2026-03-02T10:30:00.000Z', 'Weekly review']);
    expect(updated).toContain('TRIGGER:-PT15M');
  });
});

describe('a change applied at the user’s word, not from the organiser’s address', () => {
  const forged = message('REQUEST', [event(99, ['DTSTART;TZID=Europe/Berlin:20260302T180000', 'DTEND;TZID=Europe/Berlin:20260302T190000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Weekly review (evening)'])]);

  it('changes the times but keeps the copy’s version, so the organiser’s next real update still applies', () => {
    const after = applyToCopy(forged, accepted, ME, { keepVersion: true })!;
    expect(march(after)[0]).toEqual(['2026-03-02T17:00:00.000Z', 'Weekly review (evening)']);
    expect(after).toContain('SEQUENCE:0');
    expect(after).not.toContain('SEQUENCE:99');
    expect(after).toContain('PARTSTAT=ACCEPTED');
    expect(alreadyInCopy(forged, after, ME)).toBe(true);
    // The same copy as a CalDAV server may hand it back, its lines in another order.
    const rewritten = after.replace(/^(SEQUENCE:0)\r\n(.*)\r\n/m, '$2\r\n$1\r\n');
    expect(rewritten).not.toBe(after);
    expect(alreadyInCopy(forged, rewritten, ME)).toBe(true);
    expect(alreadyInCopy(forged, accepted, ME)).toBe(false);
    const real = message('REQUEST', [event(1, ['DTSTART;TZID=Europe/Berlin:20260302T100000', 'DTEND;TZID=Europe/Berlin:20260302T110000', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:Weekly review'])]);
    expect(copyStateOf(real, after, ME)).toBe('pending');
  });

  it('names whom a message speaks for: the organiser of a change, every guest of a REPLY', () => {
    expect(changeAuthors(forged)).toEqual([ORGANIZER]);
    const reply = message('REPLY', [
      ['BEGIN:VEVENT', 'UID:x@other.example', 'DTSTAMP:20260101T120000Z', `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${ME}`, 'END:VEVENT'],
      ['BEGIN:VEVENT', 'UID:x@other.example', 'DTSTAMP:20260101T120000Z', 'RECURRENCE-ID:20260309T090000Z', 'ATTENDEE;PARTSTAT=DECLINED:mailto:Sam@Other.Example', 'END:VEVENT'],
    ]);
    expect(changeAuthors(reply)).toEqual([ME, 'sam@other.example']);
  });
});

describe('who sent a message, as our own mail server vouches', () => {
  const server = { hostNames: ['mail.tern.test'], authservIds: ['mail.tern.test'] };
  const received = (auth: string | null, host = 'mail.tern.test', protocol = auth ? 'ESMTPA' : 'ESMTP') =>
    `Received: from [127.0.0.1] (localhost [127.0.0.1])\r\n${auth ? `\t(Authenticated sender: ${auth})\r\n` : ''}\tby ${host} (Postfix) with ${protocol} id 4F1A2B\r\n\tfor <ivy@tern.test>; Thu,  3 Dec 2026 07:27:14 +0000 (UTC)`;
  const lmtp = 'Received: from mail.tern.test\r\n\tby vm with LMTP\r\n\tid qB4RI4UXEWtiPgAAg+zDdQ\r\n\t(envelope-from <x@y>)\r\n\tfor <ivy@tern.test>; Thu, 03 Dec 2026 07:17:25 +0000';
  const headers = (...lines: string[]) => ['Return-Path: <olive@other.example>', 'Delivered-To: ivy@tern.test', lmtp, ...lines, 'Subject: Updated invitation'].join('\r\n');

  it('an authenticated submission by the sender itself', async () => {
    expect(await vouchedSenders(headers(received('olive@other.example'), 'From: Olive <Olive@Other.Example>'), server)).toEqual(['olive@other.example']);
    // Another user of the server, logged in as herself, writing the organiser's From.
    expect(await vouchedSenders(headers(received('mallory@tern.test'), 'From: olive@other.example'), server)).toEqual([]);
  });

  it('a DKIM or SPF pass our server recorded above its Received line, for the sender’s domain', async () => {
    const dkim = 'Authentication-Results: mail.tern.test; dkim=pass (2048-bit key) header.d=other.example header.i=@other.example; spf=none';
    expect(await vouchedSenders(headers(dkim, received(null), 'From: olive@other.example'), server)).toEqual(['olive@other.example']);
    const spf = 'Authentication-Results: mail.tern.test; spf=pass smtp.mailfrom=olive@other.example';
    expect(await vouchedSenders(headers(spf, received(null), 'From: olive@other.example'), server)).toEqual(['olive@other.example']);
    const failed = 'Authentication-Results: mail.tern.test; dkim=fail header.d=other.example; spf=softfail smtp.mailfrom=other.example';
    expect(await vouchedSenders(headers(failed, received(null), 'From: olive@other.example'), server)).toEqual([]);
    const otherDomain = 'Authentication-Results: mail.tern.test; dkim=pass header.d=evil.test';
    expect(await vouchedSenders(headers(otherDomain, received(null), 'From: olive@other.example'), server)).toEqual([]);
    const someoneElses = 'Authentication-Results: mx.elsewhere.example; dkim=pass header.d=other.example';
    expect(await vouchedSenders(headers(someoneElses, received(null), 'From: olive@other.example'), server)).toEqual([]);
  });

  it('nothing the sender wrote counts: a forged Received or Authentication-Results below our own line', async () => {
    const forgedAuth = 'Authentication-Results: mail.tern.test; dkim=pass header.d=other.example; spf=pass smtp.mailfrom=olive@other.example';
    const lines = headers(received(null), received('olive@other.example'), forgedAuth, 'From: olive@other.example');
    expect(await vouchedSenders(lines, server)).toEqual([]);
    // A HELO name (chosen by the client) dressed up as the clauses of an authenticated hop.
    const helo = 'Received: from x (Authenticated sender: olive@other.example) by mail.tern.test (Postfix) with ESMTPA id 1 (localhost [127.0.0.1])\r\n\tby mail.tern.test (Postfix) with ESMTP id 4F1A2B\r\n\tfor <ivy@tern.test>; Thu,  3 Dec 2026 07:27:14 +0000 (UTC)';
    expect(await vouchedSenders(headers(helo, 'From: olive@other.example'), server)).toEqual([]);
  });

  it('no line from our server (another host name, or none configured), two From lines or two addresses in one: nobody', async () => {
    expect(await vouchedSenders(headers(received('olive@other.example', 'mx.elsewhere.example'), 'From: olive@other.example'), server)).toEqual([]);
    expect(await vouchedSenders(headers(received('olive@other.example'), 'From: olive@other.example'), { hostNames: [], authservIds: [] })).toEqual([]);
    expect(await vouchedSenders(headers(received('olive@other.example'), 'From: olive@other.example', 'From: olive@other.example'), server)).toEqual([]);
    expect(await vouchedSenders(headers(received('olive@other.example'), 'From: olive@other.example, mallory@evil.test'), server)).toEqual([]);
  });

  it('a Sender who submitted for the From counts as the Sender', async () => {
    expect(await vouchedSenders(headers(received('assistant@other.example'), 'From: olive@other.example', 'Sender: assistant@other.example'), server)).toEqual(['assistant@other.example']);
  });
});
