import type { ImapFlow, MessageStructureObject } from 'imapflow';
import PostalMime from 'postal-mime';
import type { Address, Attachment, MessageDetail } from '../../../shared/api/messages';
import { AppError } from '../../http/app-error';
import { addressesOf, addressOf, flagsOf } from './envelope';
import { openFolder } from './message-window';

/**
 * Headers, the text and HTML bodies, and the attachment list of one message.
 * The body is parsed by postal-mime (charsets, encodings, broken MIME); the
 * attachment list comes from the server's BODYSTRUCTURE so each entry carries
 * the part number its download streams from.
 */
export async function fetchMessageDetail(client: ImapFlow, folder: string, uid: number): Promise<MessageDetail> {
  const wasSelected = await openFolder(client, folder);
  const fetch = () =>
    client.fetchOne(String(uid), { uid: true, flags: true, envelope: true, bodyStructure: true, internalDate: true, source: true }, { uid: true });
  let message = await fetch();
  // This connection's view may predate the message (it arrived over another one): NOOP brings it in.
  if (!message && wasSelected) {
    await client.noop();
    message = await fetch();
  }
  if (!message || !message.source) throw new AppError(404, 'not_found', 'That message is not there any more.');

  const parsed = await parseLeniently(message.source);
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
    html: parsed?.html ?? null,
    text: parsed?.text ?? (parsed ? null : message.source.toString('utf8')),
    attachments: message.bodyStructure ? attachmentsOf(message.bodyStructure) : [],
  };
}

type Parsed = Awaited<ReturnType<typeof PostalMime.parse>>;

/** A message postal-mime cannot parse is shown as its raw text rather than failing (SPEC §12). */
async function parseLeniently(source: Buffer): Promise<Parsed | null> {
  try {
    // Attachments are listed from BODYSTRUCTURE and streamed on demand: do not decode them here.
    return await PostalMime.parse(source, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50 });
  } catch {
    return null;
  }
}

function mailboxOf(from: Parsed['from'] | undefined): Address | null {
  return from && 'address' in from && from.address ? { name: from.name ?? '', address: from.address } : null;
}

/** Leaf parts that are not a displayed text body; nested messages count as one attachment each. */
function attachmentsOf(root: MessageStructureObject): Attachment[] {
  const found: Attachment[] = [];
  const visit = (node: MessageStructureObject) => {
    const type = (node.type ?? 'application/octet-stream').toLowerCase();
    if (node.childNodes?.length && type !== 'message/rfc822') {
      node.childNodes.forEach(visit);
      return;
    }
    const filename = node.dispositionParameters?.filename ?? node.parameters?.name ?? '';
    const isBodyText = (type === 'text/plain' || type === 'text/html') && node.disposition !== 'attachment' && !filename;
    if (isBodyText || type.startsWith('multipart/')) return;
    found.push({
      part: node.part ?? '1',
      filename: filename || defaultName(type, found.length + 1),
      contentType: type,
      size: decodedSize(node),
      contentId: node.id ? node.id.replace(/^<|>$/g, '') : null,
    });
  };
  visit(root);
  return found;
}

function defaultName(type: string, index: number): string {
  if (type === 'message/rfc822') return `message-${index}.eml`;
  if (type === 'text/calendar') return `invitation-${index}.ics`;
  return `attachment-${index}`;
}

function decodedSize(node: MessageStructureObject): number {
  const size = node.size ?? 0;
  return node.encoding?.toLowerCase() === 'base64' ? Math.floor((size * 3) / 4) : size;
}
