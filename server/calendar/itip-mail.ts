import nodemailer from 'nodemailer';
import type { Deps } from '../deps';
import { storeInSpecialFolder } from '../mail/imap/compose-mail';
import type { Credentials } from '../mail/imap/imap-connection';
import { createSmtpSubmission } from '../mail/smtp/smtp-submission';

// Nodemailer's stream transport only builds the message; the compose module's SMTP submission sends it as the user.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: '\r\n' });

/**
 * An iTIP message by mail (RFC 6047): text/calendar with its METHOD, sent as
 * the user, with a copy in "Sent" like any mail they send. As for compose's
 * outbox, once the mail is out a failed copy is logged, never reported as a
 * failed send (a retry would answer twice).
 */
export async function sendItip(
  { config, imap, live }: Pick<Deps, 'config' | 'imap' | 'live'>,
  user: Credentials,
  message: { to: string[]; subject: string; text: string; method: 'REQUEST' | 'REPLY' | 'CANCEL'; ics: string },
): Promise<void> {
  const info = await composer.sendMail({
    disableFileAccess: true,
    disableUrlAccess: true,
    from: user.email,
    to: message.to,
    subject: message.subject,
    text: message.text,
    icalEvent: { method: message.method, content: message.ics },
  });
  const raw = info.message as Buffer;
  await createSmtpSubmission(config.smtp).send(user, { from: user.email, to: message.to }, raw);
  try {
    const { folder } = await storeInSpecialFolder(imap, user, 'sent', raw, ['\\Seen']);
    live.notifyChanged(user.email, [folder]);
  } catch (err) {
    console.error(`the Sent copy of a ${message.method} for ${user.email} could not be stored`, err);
  }
}
