import nodemailer from 'nodemailer';
import type { OutboxEntry } from '../../shared/api/compose';
import type { Deps } from '../deps';
import type { Credentials } from '../mail/imap/imap-connection';
import { newMessageId } from './mime-builder';

// Nodemailer's stream transport only builds the message; the outbox sends it as the user.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: '\r\n' });

export interface GeneratedMail {
  to: string[];
  subject: string;
  text: string;
  /** An iTIP part (RFC 6047): text/calendar with its METHOD. */
  icalEvent?: { method: 'REQUEST' | 'REPLY' | 'CANCEL'; content: string };
}

/**
 * A message Tern writes on the user's behalf (invitations, the sign-in notice),
 * sent as the user through the outbox like any mail they send: counted against
 * the sending limits, sent exactly once, retried when the server is down.
 */
export async function sendGeneratedMail({ compose }: Pick<Deps, 'compose'>, user: Credentials, mail: GeneratedMail): Promise<OutboxEntry> {
  const messageId = newMessageId(user.email);
  const info = await composer.sendMail({
    disableFileAccess: true,
    disableUrlAccess: true,
    messageId,
    from: user.email,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.icalEvent && { icalEvent: mail.icalEvent }),
  });
  const built = { raw: info.message as Buffer, messageId, envelope: { from: user.email, to: mail.to } };
  return compose.outbox.enqueueGenerated(user, { built, subject: mail.subject });
}
