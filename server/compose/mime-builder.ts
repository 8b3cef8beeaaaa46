import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { MAX_MESSAGE_BYTES } from '../../shared/limits';
import { MESSAGE_TOO_LARGE_TEXT, type Recipient } from '../../shared/api/compose';
import { DomainError } from '../domain-error';

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMessage {
  from: Recipient;
  replyTo: string | null;
  to: Recipient[];
  cc: Recipient[];
  bcc: Recipient[];
  subject: string;
  text: string;
  html: string | null;
  attachments: OutgoingAttachment[];
  inReplyTo: string | null;
  references: string[];
}

export interface BuiltMessage {
  raw: Buffer;
  messageId: string;
  /** Who the SMTP server delivers to: To, Cc and Bcc (Bcc is not in the headers of a sent message). */
  envelope: { from: string; to: string[] };
}

/**
 * Nodemailer's stream transport runs its MailComposer and hands back the
 * bytes, without sending: the one supported way to build a message with it
 * (the composer itself is not exported). File and URL access are off, so no
 * field the user controls can make the BFF read a file or fetch a URL.
 */
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: '\r\n' });

/**
 * Builds the MIME message: multipart/alternative text + HTML, attachments
 * (RFC 2231 filenames), RFC 2047 subject and names, Message-ID under the
 * sender's domain, Date, and the threading headers of a reply.
 * `forDraft` keeps Bcc in the headers (a draft must remember it); a message to
 * send never shows Bcc to its recipients.
 */
export async function buildMessage(message: OutgoingMessage, options: { forDraft?: boolean } = {}): Promise<BuiltMessage> {
  const messageId = newMessageId(message.from.address);
  const envelope = {
    from: message.from.address,
    to: [...message.to, ...message.cc, ...message.bcc].map((recipient) => recipient.address),
  };
  const info = await composer.sendMail({
    disableFileAccess: true,
    disableUrlAccess: true,
    messageId,
    date: new Date(),
    from: message.from,
    ...(message.replyTo && { replyTo: message.replyTo }),
    to: message.to,
    cc: message.cc,
    ...(options.forDraft && { bcc: message.bcc }),
    subject: message.subject,
    text: message.text,
    ...(message.html !== null && { html: message.html }),
    ...(message.inReplyTo && { inReplyTo: message.inReplyTo }),
    ...(message.references.length > 0 && { references: message.references }),
    attachments: message.attachments.map((attachment) => ({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: attachment.content,
    })),
    // A draft without recipients is still a draft: the stream transport only needs an envelope to exist.
    envelope: { from: envelope.from, to: envelope.to.length > 0 ? envelope.to : [envelope.from] },
  });
  const raw = info.message as Buffer;
  assertMessageSize(raw.length);
  return { raw, messageId, envelope };
}

/** A Message-ID under the sender's domain: the outbox finds a message in Sent by it. */
export function newMessageId(senderAddress: string): string {
  return `<${randomUUID()}@${senderAddress.split('@')[1] ?? 'localhost'}>`;
}

/** SPEC §6: the message as it goes out, encoded, at most 10,485,760 bytes. */
export function assertMessageSize(bytes: number): void {
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new DomainError('too_large', MESSAGE_TOO_LARGE_TEXT, { size: bytes, limit: MAX_MESSAGE_BYTES });
  }
}
