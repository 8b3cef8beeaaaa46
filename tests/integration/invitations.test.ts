import { execFileSync } from 'node:child_process';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTDATED_INVITATION_TEXT, UNVERIFIED_ANSWER_TEXT, UNVERIFIED_CHANGE_TEXT, type EventList, type Invitation } from '../../shared/api/calendar';
import type { MessageDetail } from '../../shared/api/messages';
import { ApiClient } from '../support/api-client';
import { signedInUser, type SignedIn } from '../support/signed-in';
import { createTestUser, deliver, imapClient, testStackEnv, type TestUser } from '../support/stack';

// An invitation delivered by SMTP, answered in Tern: the copy lands in the calendar
// and the REPLY reaches the organiser, read by an independent parser (Python's vobject).
// The organiser is a user of the stack and submits with SMTP AUTH, so Postfix vouches
// for the sender; anyone else's mail comes in on the inbound listener.

type Method = 'REQUEST' | 'CANCEL' | 'PUBLISH';

function request(organizer: string, invitee: string, method: Method, sequence: number, title: string, hour = 15): string {
  return [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other Mail//EN', `METHOD:${method}`,
    'BEGIN:VEVENT', 'UID:board-meeting-42@other.example', `SEQUENCE:${sequence}`, 'DTSTAMP:20260101T120000Z',
    `DTSTART;TZID=America/New_York:20260914T${hour}0000`, `DTEND;TZID=America/New_York:20260914T${hour + 1}0000`,
    `SUMMARY:${title}`, `ORGANIZER;CN=Olive Organizer:mailto:${organizer}`,
    `ATTENDEE;CN=Invitee;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:${invitee}`,
    ...(method === 'CANCEL' ? ['STATUS:CANCELLED'] : []),
    'END:VEVENT', 'END:VCALENDAR', '',
  ].join('\r\n');
}

/** Python's vobject (Radicale's own parser, installed with it): not the library Tern writes with. */
function parseIndependently(ics: string): { method: string; uid: string; sequence: string; partstat: string; attendee: string; organizer: string } {
  const script = [
    'import sys, json, vobject',
    'cal = vobject.readOne(sys.stdin.read())',
    'ev = cal.vevent',
    'att = ev.attendee',
    'print(json.dumps({"method": cal.method.value, "uid": ev.uid.value, "sequence": ev.sequence.value, "partstat": att.params["PARTSTAT"][0], "attendee": att.value, "organizer": ev.organizer.value}))',
  ].join('\n');
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: ics, encoding: 'utf8' })) as ReturnType<typeof parseIndependently>;
}

/** The text/calendar part of the mail with this subject in the user's INBOX, once it has arrived. */
async function calendarPartOfMail(user: TestUser, subject: string): Promise<string> {
  const imap = await imapClient(user);
  try {
    await imap.mailboxOpen('INBOX');
    for (let i = 0; i < 100; i++) {
      await imap.noop();
      const uids = (await imap.search({ subject }, { uid: true })) || [];
      const found = uids[0] ? await imap.fetchOne(String(uids[0]), { source: true }, { uid: true }) : false;
      if (found && found.source) {
        const part = (await PostalMime.parse(found.source)).attachments.find((attachment) => attachment.mimeType === 'text/calendar');
        if (!part) throw new Error(`${subject}: no text/calendar part`);
        return typeof part.content === 'string' ? part.content : new TextDecoder().decode(part.content);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${subject} did not arrive`);
  } finally {
    await imap.logout();
  }
}

describe('invitations by mail', () => {
  let s: SignedIn;
  let organizer: TestUser;
  /** The first invitation's part, answered in the first test and outdated by the update in the second. */
  let firstInvitation = '';

  /**
   * From the organiser (submitted with auth) unless `from` names someone else, who sends through the inbound
   * listener, naming `organizer` (default: themselves) as ORGANIZER and adding `headers` of their own.
   */
  const deliverInvitation = async (
    method: Method,
    sequence: number,
    title: string,
    options: { hour?: number; from?: string; organizer?: string; headers?: Array<{ key: string; value: string }> } = {},
  ) => {
    const from = options.from ?? organizer.email;
    const { uid } = await deliver(
      s.user,
      {
        from: `Olive Organizer <${from}>`,
        subject: `Invitation: ${title}`,
        text: `You are invited to ${title}.`,
        headers: options.headers,
        icalEvent: { method, content: request(options.organizer ?? from, s.user.email, method, sequence, title, options.hour) },
      },
      from === organizer.email ? { submitAs: organizer } : {},
    );
    return partOf(uid);
  };
  const partOf = async (uid: number) => {
    const detail = await s.api.json<MessageDetail>('GET', `/api/messages/${uid}?folder=INBOX`);
    const part = detail.attachments.find((attachment) => attachment.contentType === 'text/calendar');
    expect(part).toBeTruthy();
    return `folder=INBOX&uid=${uid}&part=${part!.part}`;
  };
  const act = (where: string, action: string, confirmed?: boolean) => {
    const params = new URLSearchParams(where);
    return s.api.request('POST', '/api/invitations/respond', { folder: 'INBOX', uid: Number(params.get('uid')), part: params.get('part'), action, confirmed });
  };
  const refusedWith = async (response: Response, message: string) => {
    expect(response.status).toBe(409);
    expect(((await response.json()) as { message: string }).message).toBe(message);
  };
  const september = async () =>
    (await s.api.json<EventList>('GET', `/api/calendars/personal/events?from=2026-09-01T00:00:00Z&to=2026-10-01T00:00:00Z`)).events;

  beforeAll(async () => {
    s = await signedInUser('invitee');
    organizer = await createTestUser('organizer');
  });
  afterAll(async () => {
    await s?.imap.logout();
    await s?.bff.close();
  });

  it('accepting adds the event and mails the organiser a REPLY with PARTSTAT=ACCEPTED for the right UID and SEQUENCE', async () => {
    const where = await deliverInvitation('REQUEST', 2, 'Board meeting');
    const shown = await s.api.json<Invitation>('GET', `/api/invitations?${where}`);
    expect(shown).toMatchObject({ method: 'REQUEST', title: 'Board meeting', start: '2026-09-14T19:00:00.000Z', myResponse: 'NEEDS-ACTION', copy: 'none', organizer: { email: organizer.email } });

    expect((await act(where, 'accept')).status).toBe(204);
    expect((await september()).map((e) => [e.title, e.start])).toEqual([['Board meeting', '2026-09-14T19:00:00.000Z']]);
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${where}`)).toMatchObject({ myResponse: 'ACCEPTED', copy: 'current' });
    firstInvitation = where;

    const ics = await calendarPartOfMail(organizer, 'Accepted: Board meeting');
    expect(parseIndependently(ics)).toMatchObject({ method: 'REPLY', uid: 'board-meeting-42@other.example', sequence: '2', partstat: 'ACCEPTED', attendee: `mailto:${s.user.email}` });
    // Like any mail the user sends, the answer has a copy in Sent.
    await s.imap.mailboxOpen('Sent', { readOnly: true });
    expect(await s.imap.search({ subject: 'Accepted: Board meeting' }, { uid: true })).toHaveLength(1);
  });

  it('an update from the organiser changes the copy and keeps the answer; the older invitation can no longer be answered', async () => {
    const update = await deliverInvitation('REQUEST', 3, 'Board meeting (moved)', { hour: 17 });
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${update}`)).toMatchObject({ copy: 'pending', myResponse: 'ACCEPTED', senderWarning: null });
    expect((await act(update, 'apply')).status).toBe(204);
    expect((await september()).map((e) => [e.title, e.start])).toEqual([['Board meeting (moved)', '2026-09-14T21:00:00.000Z']]);
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${update}`)).toMatchObject({ copy: 'current', myResponse: 'ACCEPTED' });
    // Applying twice (a second tab) changes nothing.
    expect((await act(update, 'apply')).status).toBe(204);

    expect(await s.api.json<Invitation>('GET', `/api/invitations?${firstInvitation}`)).toMatchObject({ copy: 'outdated' });
    const late = await act(firstInvitation, 'decline');
    expect(late.status).toBe(409);
    expect(((await late.json()) as { message: string }).message).toBe(OUTDATED_INVITATION_TEXT);
    expect((await september()).map((e) => e.title)).toEqual(['Board meeting (moved)']);
  });

  it('a CANCEL from someone who is not the organiser changes nothing', async () => {
    const stranger = `stranger-${Date.now()}@other.example`;
    const forged = await deliverInvitation('CANCEL', 9, 'Board meeting', { from: stranger });
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${forged}`)).toMatchObject({ method: 'CANCEL', copy: 'foreign' });
    expect((await act(forged, 'apply')).status).toBe(409);
    expect((await september()).map((e) => e.title)).toEqual(['Board meeting (moved)']);
  });

  it('a forged CANCEL with the organiser as ORGANIZER waits for a click, and the BFF says why', async () => {
    const forged = await deliverInvitation('CANCEL', 9, 'Board meeting', { from: 'mallory@evil.test', organizer: organizer.email });
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${forged}`)).toMatchObject({ method: 'CANCEL', copy: 'pending', senderWarning: UNVERIFIED_CHANGE_TEXT });
    // What the card used to post on view: refused, and the event stays.
    await refusedWith(await act(forged, 'apply'), UNVERIFIED_CHANGE_TEXT);
    expect((await september()).map((e) => e.title)).toEqual(['Board meeting (moved)']);
  });

  it('a forged later REQUEST with forged copies of our server’s headers moves nothing on view; a click applies it without taking the organiser’s place', async () => {
    const ourHost = testStackEnv().vars.TERN_MAIL_RECEIVED_BY!;
    expect(ourHost).toMatch(/^mail\./);
    const headers = [
      { key: 'Authentication-Results', value: `${ourHost}; dkim=pass header.d=${organizer.email.split('@')[1]}; spf=pass smtp.mailfrom=${organizer.email}` },
      { key: 'Received', value: `from [127.0.0.1] (localhost [127.0.0.1]) (Authenticated sender: ${organizer.email}) by ${ourHost} (Postfix) with ESMTPA id 1A2B3C for <${s.user.email}>; Thu, 3 Dec 2026 07:27:14 +0000 (UTC)` },
    ];
    // From: the organiser's own address too, through the unauthenticated inbound listener.
    const { uid } = await deliver(s.user, {
      from: `Olive Organizer <${organizer.email}>`,
      subject: 'Invitation: Board meeting (evening)',
      text: 'Moved.',
      headers,
      icalEvent: { method: 'REQUEST', content: request(organizer.email, s.user.email, 'REQUEST', 8, 'Board meeting (evening)', 19) },
    });
    await s.imap.mailboxOpen('INBOX', { readOnly: true });
    const delivered = await s.imap.fetchOne(String(uid), { headers: true }, { uid: true });
    // The forged lines did arrive, below the Received line our Postfix wrote on top.
    expect(delivered && delivered.headers?.toString().replace(/\r?\n[ \t]+/g, ' ')).toContain(`(Authenticated sender: ${organizer.email}) by ${ourHost}`);
    const forged = await partOf(uid);
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${forged}`)).toMatchObject({ copy: 'pending', senderWarning: UNVERIFIED_CHANGE_TEXT });
    await refusedWith(await act(forged, 'apply'), UNVERIFIED_CHANGE_TEXT);
    await refusedWith(await act(forged, 'accept'), UNVERIFIED_CHANGE_TEXT);
    expect((await september()).map((e) => [e.title, e.start])).toEqual([['Board meeting (moved)', '2026-09-14T21:00:00.000Z']]);

    // The user clicks: the event moves, the answer stays, and the message now shows as applied.
    expect((await act(forged, 'apply', true)).status).toBe(204);
    expect((await september()).map((e) => [e.title, e.start])).toEqual([['Board meeting (evening)', '2026-09-14T23:00:00.000Z']]);
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${forged}`)).toMatchObject({ copy: 'current', senderWarning: null, myResponse: 'ACCEPTED' });
  });

  it('the organiser’s CANCEL removes the copy from the calendar', async () => {
    const where = await deliverInvitation('CANCEL', 4, 'Board meeting');
    // SEQUENCE 4 is below the forged 8 the user applied above: the copy kept the organiser's version, so this still counts.
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${where}`)).toMatchObject({ method: 'CANCEL', copy: 'pending', senderWarning: null });
    expect((await act(where, 'apply')).status).toBe(204);
    expect(await september()).toEqual([]);
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${where}`)).toMatchObject({ copy: 'none' });
  });

  it('creating an event with a guest mails the guest a REQUEST; the guest’s REPLY is recorded; a change and a deletion reach the guest', async () => {
    const event = { title: 'Lunch', location: '', description: '', allDay: false, start: '2026-10-02T12:30', end: '2026-10-02T13:30', timeZone: 'Europe/Berlin', repeat: null, reminderMinutes: null, attendees: [organizer.email] };
    const created = await s.api.request('POST', '/api/calendars/personal/events', { event });
    expect(created.status).toBe(201);
    const { objectName } = (await created.json()) as { objectName: string };
    const ics = await calendarPartOfMail(organizer, 'Invitation: Lunch');
    const sent = parseIndependently(ics);
    expect(sent).toMatchObject({ method: 'REQUEST', sequence: '0', partstat: 'NEEDS-ACTION', attendee: `mailto:${organizer.email}`, organizer: `mailto:${s.user.email}` });

    // The guest's answer comes back by mail and is recorded in the user's event.
    const reply = (partstat: string) => [
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Other Mail//EN', 'METHOD:REPLY',
      'BEGIN:VEVENT', `UID:${sent.uid}`, 'SEQUENCE:0', 'DTSTAMP:20261001T120000Z', 'DTSTART;TZID=Europe/Berlin:20261002T123000',
      `ORGANIZER:mailto:${s.user.email}`, `ATTENDEE;CN=Olive;PARTSTAT=${partstat}:mailto:${organizer.email}`,
      'END:VEVENT', 'END:VCALENDAR', '',
    ].join('\r\n');
    const guestAnswerStored = async () => {
      const stored = await s.api.request('GET', `/api/calendars/personal/events/${encodeURIComponent(objectName)}/export`);
      return new RegExp(`ATTENDEE;[^\\r\\n]*PARTSTAT=([A-Z-]+)[^\\r\\n]*:mailto:${organizer.email}`, 'i').exec((await stored.text()).replace(/\r\n[ \t]/g, ''))?.[1];
    };
    // Someone else answering in the guest's name changes no answer.
    const forged = await deliver(s.user, { from: 'mallory@evil.test', subject: 'Declined: Lunch', text: 'Declined', icalEvent: { method: 'REPLY', content: reply('DECLINED') } });
    const forgedWhere = await partOf(forged.uid);
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${forgedWhere}`)).toMatchObject({ method: 'REPLY', copy: 'pending', senderWarning: UNVERIFIED_ANSWER_TEXT });
    await refusedWith(await act(forgedWhere, 'apply'), UNVERIFIED_ANSWER_TEXT);
    expect(await guestAnswerStored()).toBe('NEEDS-ACTION');

    const { uid } = await deliver(s.user, { from: organizer.email, subject: 'Accepted: Lunch', text: 'Accepted', icalEvent: { method: 'REPLY', content: reply('ACCEPTED') } }, { submitAs: organizer });
    const where = await partOf(uid);
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${where}`)).toMatchObject({ method: 'REPLY', copy: 'pending', senderWarning: null, guestAnswer: { email: organizer.email, partstat: 'ACCEPTED' } });
    expect((await act(where, 'apply')).status).toBe(204);
    expect(await guestAnswerStored()).toBe('ACCEPTED');
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${where}`)).toMatchObject({ copy: 'current' });

    // The organiser moves the lunch: the guest gets the update (SEQUENCE 1); deleting it sends a CANCEL.
    const [lunch] = (await s.api.json<EventList>('GET', '/api/calendars/personal/events?from=2026-10-01T00:00:00Z&to=2026-10-03T00:00:00Z')).events;
    const moved = await s.api.request('PUT', `/api/calendars/personal/events/${encodeURIComponent(objectName)}`, { etag: lunch!.etag, occurrenceId: null, scope: 'all', event: { ...event, start: '2026-10-02T13:00', end: '2026-10-02T14:00' } });
    expect(moved.status).toBe(200);
    expect(parseIndependently(await calendarPartOfMail(organizer, 'Updated invitation: Lunch'))).toMatchObject({ method: 'REQUEST', uid: sent.uid, sequence: '1' });
    const { etag } = (await moved.json()) as { etag: string };
    expect((await s.api.request('DELETE', `/api/calendars/personal/events/${encodeURIComponent(objectName)}?etag=${encodeURIComponent(etag)}`)).status).toBe(204);
    expect(parseIndependently(await calendarPartOfMail(organizer, 'Cancelled: Lunch'))).toMatchObject({ method: 'CANCEL', uid: sent.uid, sequence: '2' });
  });

  it('"Add to calendar" puts a published event into the calendar, without answering anyone', async () => {
    const where = await deliverInvitation('PUBLISH', 0, 'Company picnic');
    expect((await act(where, 'add')).status).toBe(204);
    expect((await september()).map((e) => e.title)).toEqual(['Company picnic']);
    expect(await s.api.json<Invitation>('GET', `/api/invitations?${where}`)).toMatchObject({ method: 'PUBLISH', copy: 'current' });
  });

  it('signed in with one address, answers an invitation sent to the other as the guest it names', async () => {
    const both = await createTestUser('two-addresses', { aliases: 1 });
    const alias = both.aliases[0]!;
    const api = new ApiClient(s.bff.url);
    expect((await api.signIn(both.email, both.password)).status).toBe(200);
    const ics = request(organizer.email, alias, 'REQUEST', 0, 'Alias lunch').replace('board-meeting-42', 'alias-lunch-7');
    const { uid } = await deliver(alias, { from: organizer.email, subject: 'Invitation: Alias lunch', text: 'Lunch?', icalEvent: { method: 'REQUEST', content: ics } });
    const detail = await api.json<MessageDetail>('GET', `/api/messages/${uid}?folder=INBOX`);
    const part = detail.attachments.find((attachment) => attachment.contentType === 'text/calendar')!.part;
    expect((await api.request('POST', '/api/invitations/respond', { folder: 'INBOX', uid, part, action: 'accept' })).status).toBe(204);
    expect(await api.json<Invitation>('GET', `/api/invitations?folder=INBOX&uid=${uid}&part=${part}`)).toMatchObject({ myResponse: 'ACCEPTED', copy: 'current' });
    expect(parseIndependently(await calendarPartOfMail(organizer, 'Accepted: Alias lunch'))).toMatchObject({ method: 'REPLY', partstat: 'ACCEPTED', attendee: `mailto:${alias}` });
  });
});
