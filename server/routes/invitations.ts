import { Hono, type Context } from 'hono';
import type { Readable } from 'node:stream';
import {
  FOREIGN_INVITATION_TEXT,
  OUTDATED_INVITATION_TEXT,
  UNVERIFIED_ANSWER_TEXT,
  UNVERIFIED_CHANGE_TEXT,
  invitationActionSchema,
  invitationQuerySchema,
  type CopyState,
  type Invitation,
  type PartStat,
} from '../../shared/api/calendar';
import { UserCalendars, DEFAULT_CALENDAR, type CalendarInfo, type FoundCopy } from '../calendar/caldav-calendars';
import { addressIn, alreadyInCopy, applyToCopy, calendarCopy, changeAuthors, copyStateOf, myAnswerIn, readInvitation, replyFor } from '../calendar/invitations';
import { vouchedSenders } from '../calendar/mail-origin';
import { sendItip } from '../calendar/itip-mail';
import { asBadRequest } from '../calendar/calendar-errors';
import type { AppEnv } from '../http/app-env';
import { AppError } from '../http/app-error';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery, readJson } from '../http/validate';
import { downloadPart } from '../mail/imap/attachment-download';

/** A calendar part larger than this is not an invitation anyone sends. */
const MAX_INVITATION_BYTES = 1024 * 1024;

const ANSWERS: Record<'accept' | 'tentative' | 'decline', PartStat> = { accept: 'ACCEPTED', tentative: 'TENTATIVE', decline: 'DECLINED' };
const SUBJECT_PREFIX: Record<PartStat, string> = { ACCEPTED: 'Accepted', TENTATIVE: 'Tentative', DECLINED: 'Declined', 'NEEDS-ACTION': 'Invitation' };

/**
 * Invitations in mail (SPEC §5, iTIP by mail, RFC 6047): show the event of a
 * text/calendar part, answer it (the copy goes into the user's calendar, a
 * METHOD:REPLY to the organiser); an update, a CANCEL or a guest's REPLY is
 * carried into the copy (the card asks for it as soon as it is shown).
 */
export const invitationRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const query = parseQuery(invitationQuerySchema, c);
    const part = await calendarPart(c, query);
    const { ics, email } = part;
    const invitation = asBadRequest(() => readInvitation(ics, email));
    const calendars = await calendarsOf(c);
    const { copy, state, senderWarning } = await copyOf(calendars, await calendars.list(), part, invitation);
    const myResponse = copy && state !== 'foreign' ? asBadRequest(() => myAnswerIn(copy.object.text, email)) : invitation.myResponse;
    return c.json<Invitation>({ ...invitation, myResponse, copy: state, senderWarning });
  })
  .post('/respond', async (c) => {
    const request = parseInput(invitationActionSchema, await readJson(c));
    const part = await calendarPart(c, request);
    const { ics, email } = part;
    const invitation = asBadRequest(() => readInvitation(ics, email));
    const calendars = await calendarsOf(c);
    const all = await calendars.list();
    const { copy, state, senderWarning } = await copyOf(calendars, all, part, invitation);
    if (state === 'foreign') throw new AppError(409, 'conflict', FOREIGN_INVITATION_TEXT);
    // A change from someone who may not be the organiser is applied only at the user's word, and never by answering it.
    if (senderWarning && (request.action !== 'apply' || !request.confirmed)) throw new AppError(409, 'conflict', senderWarning);

    if (request.action === 'apply') {
      // 'current': another tab (or a second look) applied it already.
      if (!copy || state === 'current') return c.body(null, 204);
      if (state === 'outdated') throw new AppError(409, 'conflict', OUTDATED_INVITATION_TEXT);
      const changed = asBadRequest(() => applyToCopy(ics, copy.object.text, email, { keepVersion: senderWarning !== null }));
      if (changed === null) await calendars.delete(copy.calendar, copy.object.objectName, copy.object.etag);
      else await calendars.put(copy.calendar, copy.object.objectName, changed, copy.object.etag);
      return c.body(null, 204);
    }
    if (state === 'outdated') throw new AppError(409, 'conflict', OUTDATED_INVITATION_TEXT);
    const target = copy?.calendar ?? all.find((calendar) => calendar.id === DEFAULT_CALENDAR.id) ?? all[0]!;
    const store = (text: string) => calendars.put(target, copy?.object.objectName ?? `${crypto.randomUUID()}.ics`, text, copy?.object.etag ?? null);
    if (request.action === 'add') {
      await store(asBadRequest(() => calendarCopy(ics, email, null)));
      return c.body(null, 204);
    }
    if (invitation.method !== 'REQUEST') throw new AppError(400, 'bad_request', 'Only an invitation (METHOD:REQUEST) can be answered.');
    if (!invitation.organizer?.email) throw new AppError(400, 'bad_request', 'The invitation names no organiser to answer.');
    const partstat = ANSWERS[request.action];
    await store(asBadRequest(() => calendarCopy(ics, email, partstat)));
    const subject = `${SUBJECT_PREFIX[partstat]}: ${invitation.title}`;
    const reply = asBadRequest(() => replyFor(ics, email, partstat, new Date()));
    await sendItip(c.var.deps, c.var.session, { to: [invitation.organizer.email], subject, text: `${subject}\n`, method: 'REPLY', ics: reply });
    return c.body(null, 204);
  });

/**
 * The copy of this event in the user's calendars, if any, and what the message would do to it;
 * with a warning when it would change the copy but our mail server does not vouch that its
 * sender is the organiser (for a REPLY: the guest) whom it speaks for.
 */
async function copyOf(
  calendars: UserCalendars,
  all: CalendarInfo[],
  { ics, email, vouched }: CalendarPart,
  { uid, method }: { uid: string; method: string },
): Promise<{ copy: FoundCopy | null; state: CopyState; senderWarning: string | null }> {
  const copy = uid ? await calendars.findByUid(all, uid) : null;
  if (!copy) return { copy: null, state: 'none', senderWarning: null };
  const state = asBadRequest(() => copyStateOf(ics, copy.object.text, email));
  if (state !== 'pending') return { copy, state, senderWarning: null };
  const authors = asBadRequest(() => changeAuthors(ics));
  if (authors.length > 0 && authors.every((author) => vouched.includes(author))) return { copy, state, senderWarning: null };
  const warning = method === 'REPLY' ? UNVERIFIED_ANSWER_TEXT : UNVERIFIED_CHANGE_TEXT;
  // Applied once already at the user's word (with the copy's own version kept): nothing is left to do.
  if (asBadRequest(() => alreadyInCopy(ics, copy.object.text, email))) return { copy, state: 'current', senderWarning: null };
  return { copy, state, senderWarning: warning };
}

function calendarsOf(c: Context<AppEnv>): Promise<UserCalendars> {
  return UserCalendars.of(c.var.deps.dav, c.var.session);
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > MAX_INVITATION_BYTES) throw new AppError(400, 'bad_request', 'This calendar part is too large to be an invitation.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface CalendarPart {
  ics: string;
  /** The user's address that the invitation is about. */
  email: string;
  /** The From/Sender addresses our mail server vouches for (mail-origin.ts). */
  vouched: string[];
}

/**
 * The calendar part, and which of the user's addresses it is about. Signed in
 * with one address of an "(all domains)" mailbox, the invitation may name
 * another: the address the mail server delivered it to (its own Delivered-To
 * lines) is the user's too, and answers as the guest the organiser invited.
 */
async function calendarPart(c: Context<AppEnv>, at: { folder: string; uid: number; part: string }): Promise<CalendarPart> {
  return c.var.deps.imap.run(c.var.session, async ({ client }) => {
    const part = await downloadPart(client, at.folder, at.uid, at.part);
    if (part.contentType !== 'text/calendar' && part.contentType !== 'application/ics') {
      part.content.resume();
      throw new AppError(400, 'bad_request', 'That part of the message is not a calendar.');
    }
    const ics = await readAll(part.content);
    const message = await client.fetchOne(String(at.uid), { headers: true }, { uid: true });
    const headers = message && message.headers ? message.headers.toString('utf8') : '';
    const email = asBadRequest(() => addressIn(ics, [c.var.session.email, ...deliveredToIn(headers)]));
    return { ics, email, vouched: await vouchedSenders(headers, c.var.deps.config.receivingServer) };
  });
}

/** The address of the first Delivered-To line: the one the user's own mail server added on top (a sender can add more below). */
function deliveredToIn(headers: string): string[] {
  const match = /^Delivered-To:\s*<?([^\s<>]+@[^\s<>]+)>?\s*$/im.exec(headers.replace(/\r?\n[ \t]+/g, ' '));
  return match ? [match[1]!.toLowerCase()] : [];
}
