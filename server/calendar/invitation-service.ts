import {
  FOREIGN_INVITATION_TEXT,
  OUTDATED_INVITATION_TEXT,
  UNVERIFIED_ANSWER_TEXT,
  UNVERIFIED_CHANGE_TEXT,
  type CopyState,
  type Invitation,
  type InvitationAction,
  type PartStat,
} from '../../shared/api/calendar';
import type { Deps } from '../deps';
import { DomainError } from '../domain-error';
import { deliveredToIn, readCalendarPart } from '../mail/imap/calendar-part';
import type { Credentials } from '../mail/imap/imap-connection';
import { UserCalendars, DEFAULT_CALENDAR, type CalendarInfo, type FoundCopy } from './caldav-calendars';
import { asBadRequest } from './calendar-errors';
import { addressIn, alreadyInCopy, applyToCopy, calendarCopy, changeAuthors, copyStateOf, myAnswerIn, readInvitation, replyFor } from './invitations';
import { sendItip } from './itip-mail';
import { vouchedSenders } from './mail-origin';

const ANSWERS: Record<'accept' | 'tentative' | 'decline', PartStat> = { accept: 'ACCEPTED', tentative: 'TENTATIVE', decline: 'DECLINED' };
const SUBJECT_PREFIX: Record<PartStat, string> = { ACCEPTED: 'Accepted', TENTATIVE: 'Tentative', DECLINED: 'Declined', 'NEEDS-ACTION': 'Invitation' };

/** Where the calendar part is: a message's part in a folder. */
export interface PartAddress {
  folder: string;
  uid: number;
  part: string;
}

interface CalendarPart {
  ics: string;
  /** The user's address that the invitation is about. */
  email: string;
  /** The From/Sender addresses our mail server vouches for (mail-origin.ts). */
  vouched: string[];
}

type InvitationDeps = Pick<Deps, 'dav' | 'imap' | 'compose' | 'config'>;

/**
 * Invitations in mail (SPEC §5, iTIP by mail, RFC 6047): show the event of a
 * text/calendar part, answer it (the copy goes into the user's calendar, a
 * METHOD:REPLY to the organiser); an update, a CANCEL or a guest's REPLY is
 * carried into the copy (the card asks for it as soon as it is shown).
 */
export class InvitationService {
  constructor(
    private readonly deps: InvitationDeps,
    private readonly user: Credentials,
  ) {}

  async show(at: PartAddress): Promise<Invitation> {
    const part = await this.calendarPart(at);
    const invitation = asBadRequest(() => readInvitation(part.ics, part.email));
    const calendars = await this.calendars();
    const { copy, state, senderWarning } = await copyOf(calendars, await calendars.list(), part, invitation);
    const myResponse = copy && state !== 'foreign' ? asBadRequest(() => myAnswerIn(copy.object.text, part.email)) : invitation.myResponse;
    return { ...invitation, myResponse, copy: state, senderWarning };
  }

  /** `confirmed`: the user said yes to applying a change whose sender the mail server does not vouch for. */
  async respond(at: PartAddress, action: InvitationAction, confirmed: boolean): Promise<void> {
    const part = await this.calendarPart(at);
    const { ics, email } = part;
    const invitation = asBadRequest(() => readInvitation(ics, email));
    const calendars = await this.calendars();
    const all = await calendars.list();
    const { copy, state, senderWarning } = await copyOf(calendars, all, part, invitation);
    if (state === 'foreign') throw new DomainError('conflict', FOREIGN_INVITATION_TEXT);
    // A change from someone who may not be the organiser is applied only at the user's word, and never by answering it.
    if (senderWarning && (action !== 'apply' || !confirmed)) throw new DomainError('conflict', senderWarning);

    if (action === 'apply') {
      // 'current': another tab (or a second look) applied it already.
      if (!copy || state === 'current') return;
      if (state === 'outdated') throw new DomainError('conflict', OUTDATED_INVITATION_TEXT);
      const changed = asBadRequest(() => applyToCopy(ics, copy.object.text, email, { keepVersion: senderWarning !== null }));
      if (changed === null) await calendars.delete(copy.calendar, copy.object.objectName, copy.object.etag);
      else await calendars.put(copy.calendar, copy.object.objectName, changed, copy.object.etag);
      return;
    }
    if (state === 'outdated') throw new DomainError('conflict', OUTDATED_INVITATION_TEXT);
    const target = copy?.calendar ?? all.find((calendar) => calendar.id === DEFAULT_CALENDAR.id) ?? all[0]!;
    const store = (text: string) => calendars.put(target, copy?.object.objectName ?? `${crypto.randomUUID()}.ics`, text, copy?.object.etag ?? null);
    if (action === 'add') {
      await store(asBadRequest(() => calendarCopy(ics, email, null)));
      return;
    }
    if (invitation.method !== 'REQUEST') throw new DomainError('bad_request', 'Only an invitation (METHOD:REQUEST) can be answered.');
    if (!invitation.organizer?.email) throw new DomainError('bad_request', 'The invitation names no organiser to answer.');
    const partstat = ANSWERS[action];
    await store(asBadRequest(() => calendarCopy(ics, email, partstat)));
    const subject = `${SUBJECT_PREFIX[partstat]}: ${invitation.title}`;
    const reply = asBadRequest(() => replyFor(ics, email, partstat, new Date()));
    await sendItip(this.deps, this.user, { to: [invitation.organizer.email], subject, text: `${subject}\n`, method: 'REPLY', ics: reply });
  }

  private calendars(): Promise<UserCalendars> {
    return UserCalendars.of(this.deps.dav, this.user);
  }

  /**
   * The calendar part, and which of the user's addresses it is about. Signed in
   * with one address of an "(all domains)" mailbox, the invitation may name
   * another: the address the mail server delivered it to (its own Delivered-To
   * lines) is the user's too, and answers as the guest the organiser invited.
   */
  private async calendarPart(at: PartAddress): Promise<CalendarPart> {
    const { ics, headers } = await readCalendarPart(this.deps.imap, this.user, at);
    const email = asBadRequest(() => addressIn(ics, [this.user.email, ...deliveredToIn(headers)]));
    return { ics, email, vouched: await vouchedSenders(headers, this.deps.config.receivingServer) };
  }
}

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
