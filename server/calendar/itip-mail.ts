import nodemailer from 'nodemailer';
import type { OutboxEntry } from '../../shared/api/compose';
import { newMessageId } from '../compose/mime-builder';
import type { Deps } from '../deps';
import type { Credentials } from '../mail/imap/imap-connection';

// Nodemailer's stream transport only builds the message; the outbox sends it as the user.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: '\r\n' });

/**
 * An iTIP message by mail (RFC 6047): text/calendar with its METHOD, sent as
 * the user through the outbox like any mail they send: counted against the
 * sending limits, sent exactly once, retried when the server is down, with a
 * copy in "Sent". It never throws for a send failure: the calendar change
 * stands, and the answer (and the outbox notice) says where the mail is.
 */
export async function sendItip(
  { compose }: Pick<Deps, 'compose'>,
  user: Credentials,
  message: { to: string[]; subject: string; text: string; method: 'REQUEST' | 'REPLY' | 'CANCEL'; ics: string },
): Promise<OutboxEntry> {
  const messageId = newMessageId(user.email);
  const info = await composer.sendMail({
    disableFileAccess: true,
    disableUrlAccess: true,
    messageId,
    from: user.email,
    to: message.to,
    subject: message.subject,
    text: message.text,
    icalEvent: { method: message.method, content: message.ics },
  });
  const built = { raw: info.message as Buffer, messageId, envelope: { from: user.email, to: message.to } };
  return compose.outbox.enqueueGenerated(user, { built, subject: message.subject });
}
