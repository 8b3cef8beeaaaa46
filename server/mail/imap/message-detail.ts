import type { ImapFlow, MessageStructureObject } from 'imapflow';
import type { Address, Attachment, BodyExtent, MessageDetail } from '../../../shared/api/messages';
import { DomainError } from '../../domain-error';
import { headerValue, unsubscribeOptions } from '../../unsubscribe/list-unsubscribe';
import { addressesOf, addressOf, flagsOf } from './envelope';
import { isParsableMimeType, readMessageBody, type MessageBody } from './message-body';
import { openFolder } from './message-window';
import { partFilename } from './part-names';

/**
 * Headers, the text and HTML bodies, and the attachment list of one message.
 * The body is read by message-body.ts (a preview of a long one unless `extent`
 * is full); the attachment list comes from the server's BODYSTRUCTURE so each
 * entry carries the part number its download streams from.
 */
export async function fetchMessageDetail(client: ImapFlow, folder: string, uid: number, extent: BodyExtent = 'preview'): Promise<MessageDetail> {
  const wasSelected = await openFolder(client, folder);
  const fetch = () =>
    client.fetchOne(String(uid), { uid: true, flags: true, envelope: true, bodyStructure: true, internalDate: true, source: true }, { uid: true });
  let message = await fetch();
  // This connection's view may predate the message (it arrived over another one): NOOP brings it in.
  if (!message && wasSelected) {
    await client.noop();
    message = await fetch();
  }
  if (!message || !message.source) throw new DomainError('not_found', 'That message is not there any more.');

  const { parsed, html, text, fullBodyLength } = await readMessageBody(message.source, extent);
  const envelope = message.envelope;
  const date = envelope?.date ?? message.internalDate;
  return {
    folder,
    uid,
    subject: parsed?.subject ?? envelope?.subject ?? '',
    from: addressOf(envelope?.from?.[0]) ?? mailboxOf(parsed?.from),
    to: addressesOf(envelope?.to),
    cc: addressesOf(envelope?.cc),
    replyTo: addressesOf(envelope?.replyTo),
    date: date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : new Date(0).toISOString(),
    flags: flagsOf(message.flags),
    html,
    text,
    fullBodyLength,
    attachments: message.bodyStructure ? attachmentsOf(message.bodyStructure) : [],
    unsubscribe: unsubscribeOptions(headerValue(parsed?.headers, 'list-unsubscribe'), headerValue(parsed?.headers, 'list-unsubscribe-post')),
  };
}

function mailboxOf(from: NonNullable<MessageBody['parsed']>['from'] | undefined): Address | null {
  return from && 'address' in from && from.address ? { name: from.name ?? '', address: from.address } : null;
}

/**
 * Leaf parts that are not a displayed text body; nested messages count as one
 * attachment each (a bounce's returned message among them, RFC 3464).
 */
function attachmentsOf(root: MessageStructureObject): Attachment[] {
  const found: Attachment[] = [];
  const visit = (node: MessageStructureObject) => {
    const given = (node.type ?? 'application/octet-stream').toLowerCase();
    // Dovecot reports a Content-Type it cannot parse as "/" or "garbage/"; RFC 2045 §5.2 reads that as text/plain.
    const type = isParsableMimeType(given) ? given : 'text/plain';
    if (node.childNodes?.length && type !== 'message/rfc822') {
      node.childNodes.forEach(visit);
      return;
    }
    const named = Boolean(node.dispositionParameters?.filename ?? node.parameters?.name);
    const isBodyText = (type === 'text/plain' || type === 'text/html') && node.disposition !== 'attachment' && !named;
    if (isBodyText || type.startsWith('multipart/')) return;
    found.push({
      part: node.part ?? '1',
      filename: partFilename(node),
      contentType: type,
      size: decodedSize(node),
      contentId: node.id ? node.id.replace(/^<|>$/g, '') : null,
    });
  };
  visit(root);
  return found;
}

function decodedSize(node: MessageStructureObject): number {
  const size = node.size ?? 0;
  return node.encoding?.toLowerCase() === 'base64' ? Math.floor((size * 3) / 4) : size;
}
