import { Hono, type Context } from 'hono';
import type { Readable } from 'node:stream';
import { invitationActionSchema, invitationQuerySchema, type Invitation, type PartStat } from '../../shared/api/calendar';
import { UserCalendars, DEFAULT_CALENDAR } from '../calendar/caldav-calendars';
import { calendarCopy, readInvitation, replyFor } from '../calendar/invitations';
import { sendItip } from '../calendar/itip-mail';
import { asBadRequest } from '../calendar/calendar-errors';
import type { AppEnv } from '../http/app-env';
import { AppError } from '../http/app-error';
import { requireSession } from '../http/session-middleware';
import { parseInput, readJson } from '../http/validate';
import { downloadPart } from '../mail/imap/attachment-download';

/** A calendar part larger than this is not an invitation anyone sends. */
const MAX_INVITATION_BYTES = 1024 * 1024;

const ANSWERS: Record<'accept' | 'tentative' | 'decline', PartStat> = { accept: 'ACCEPTED', tentative: 'TENTATIVE', decline: 'DECLINED' };
const SUBJECT_PREFIX: Record<PartStat, string> = { ACCEPTED: 'Accepted', TENTATIVE: 'Tentative', DECLINED: 'Declined', 'NEEDS-ACTION': 'Invitation' };

/**
 * Invitations in mail (SPEC §5, iTIP by mail, RFC 6047): show the event of a
 * text/calendar part, answer it (the copy goes into the user's calendar, a
 * METHOD:REPLY to the organiser), apply an update or a CANCEL to the copy.
 */
export const invitationRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const query = parseInput(invitationQuerySchema, c.req.query());
    const ics = await invitationText(c, query);
    const invitation = asBadRequest(() => readInvitation(ics, c.var.session.email));
    const calendars = calendarsOf(c);
    const copy = invitation.uid ? await calendars.findByUid(await calendars.list(), invitation.uid) : null;
    const myResponse = copy ? asBadRequest(() => readInvitation(copy.object.text, c.var.session.email)).myResponse : invitation.myResponse;
    return c.json<Invitation>({ ...invitation, myResponse, inCalendar: copy !== null });
  })
  .post('/respond', async (c) => {
    const request = parseInput(invitationActionSchema, await readJson(c));
    const ics = await invitationText(c, request);
    const email = c.var.session.email;
    const invitation = asBadRequest(() => readInvitation(ics, email));
    const calendars = calendarsOf(c);
    const all = await calendars.list();
    const copy = await calendars.findByUid(all, invitation.uid);

    if (request.action === 'remove') {
      if (copy) await calendars.delete(copy.calendar, copy.object.objectName, copy.object.etag);
      return c.body(null, 204);
    }
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

function calendarsOf(c: Context<AppEnv>): UserCalendars {
  return new UserCalendars(c.var.deps.dav, c.var.session);
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

async function invitationText(c: Context<AppEnv>, at: { folder: string; uid: number; part: string }): Promise<string> {
  return c.var.deps.imap.run(c.var.session, async ({ client }) => {
    const part = await downloadPart(client, at.folder, at.uid, at.part);
    if (part.contentType !== 'text/calendar' && part.contentType !== 'application/ics') {
      part.content.resume();
      throw new AppError(400, 'bad_request', 'That part of the message is not a calendar.');
    }
    return readAll(part.content);
  });
}

