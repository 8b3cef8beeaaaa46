import type { OutboxEntry } from '../../shared/api/compose';
import { sendGeneratedMail } from '../compose/generated-mail';
import type { Deps } from '../deps';
import type { Credentials } from '../mail/imap/imap-connection';

/**
 * An iTIP message by mail (RFC 6047): text/calendar with its METHOD, sent as
 * the user through the outbox like any mail they send: counted against the
 * sending limits, sent exactly once, retried when the server is down, with a
 * copy in "Sent". It never throws for a send failure: the calendar change
 * stands, and the answer (and the outbox notice) says where the mail is.
 */
export function sendItip(
  deps: Pick<Deps, 'compose'>,
  user: Credentials,
  message: { to: string[]; subject: string; text: string; method: 'REQUEST' | 'REPLY' | 'CANCEL'; ics: string },
): Promise<OutboxEntry> {
  return sendGeneratedMail(deps, user, { to: message.to, subject: message.subject, text: message.text, icalEvent: { method: message.method, content: message.ics } });
}
