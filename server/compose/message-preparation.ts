import type { Readable } from 'node:stream';
import { base64EncodedSize, MESSAGE_TOO_LARGE_TEXT, type ComposeMessage, type ComposeSourceRef } from '../../shared/api/compose';
import { MAX_MESSAGE_BYTES } from '../../shared/limits';
import type { Preferences } from '../../shared/api/preferences';
import type { ImapConnectionPool } from '../mail/imap/connection-pool';
import { threadingHeaders } from '../mail/imap/compose-mail';
import { downloadPart } from '../mail/imap/attachment-download';
import type { Credentials } from '../mail/imap/imap-connection';
import { readWhileFits } from '../mail/stream-reading';
import { DomainError } from '../domain-error';
import { buildMessage, type BuiltMessage, type OutgoingAttachment } from './mime-builder';
import type { UploadRepository } from './upload-repository';

export interface PreparationContext {
  imap: ImapConnectionPool;
  uploads: UploadRepository;
  /** The user's preferences (their account's). */
  preferences: (user: Credentials) => Promise<Preferences>;
}

/**
 * Turns what the compose window sent into the MIME message: the user's
 * identity (display name, reply-to) from Settings, their uploads, and for a
 * reply or forward the original's threading headers and forwarded attachments.
 */
export async function prepareMessage(
  context: PreparationContext,
  user: Credentials,
  message: ComposeMessage,
  options: { forDraft?: boolean } = {},
): Promise<BuiltMessage> {
  const [{ identity }, uploaded, threading, forwarded] = await Promise.all([
    context.preferences(user),
    context.uploads.contents(user.email, message.attachments),
    message.source && message.source.mode !== 'forward' ? replyThreading(context.imap, user, message.source) : null,
    message.source?.mode === 'forward' ? forwardedAttachments(context.imap, user, message.source, message.forwardParts) : [],
  ]);
  return buildMessage(
    {
      from: { name: identity.displayName, address: user.email },
      replyTo: identity.replyTo || null,
      to: message.to,
      cc: message.cc,
      bcc: message.bcc,
      subject: message.subject,
      text: message.text,
      html: message.html,
      attachments: [...forwarded, ...uploaded],
      inReplyTo: threading?.messageId ?? null,
      references: threading?.references ?? [],
    },
    options,
  );
}

/** RFC 5322 §3.6.4: In-Reply-To is the parent's id; References the parent's References plus that id. */
async function replyThreading(imap: ImapConnectionPool, user: Credentials, source: ComposeSourceRef) {
  const original = await imap.run(user, ({ client }) => threadingHeaders(client, source.folder, source.uid));
  const references = original.messageId ? [...original.references, original.messageId] : original.references;
  return { messageId: original.messageId, references };
}

async function forwardedAttachments(
  imap: ImapConnectionPool,
  user: Credentials,
  source: ComposeSourceRef,
  parts: readonly string[],
): Promise<OutgoingAttachment[]> {
  if (parts.length === 0) return [];
  return imap.run(user, async ({ client }) => {
    const attachments: OutgoingAttachment[] = [];
    // What the forwarded parts add once base64-encoded: over the message limit, reading stops there.
    let encoded = 0;
    for (const part of parts) {
      const download = await downloadPart(client, source.folder, source.uid, part);
      const content = await readCapped(download.content, MAX_MESSAGE_BYTES - encoded);
      encoded += base64EncodedSize(content.length);
      attachments.push({ filename: download.filename, contentType: download.contentType, content });
    }
    return attachments;
  });
}

/** Reads a part whose base64 form must fit in `encodedBudget` bytes, refusing it as soon as it cannot. */
export function readCapped(stream: Readable, encodedBudget: number): Promise<Buffer> {
  return readWhileFits(
    stream,
    (bytes) => base64EncodedSize(bytes) <= encodedBudget,
    () => new DomainError('too_large', MESSAGE_TOO_LARGE_TEXT, { limit: MAX_MESSAGE_BYTES }),
  );
}
