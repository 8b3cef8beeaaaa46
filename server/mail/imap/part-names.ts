import type { MessageStructureObject } from 'imapflow';
import { safeFilename } from '../file-names';

/**
 * The name a body part is listed and downloaded under: the sender's (made safe), else one
 * that says what it is. A bounce's returned message (RFC 3464) is named by its
 * subject, as Thunderbird names attached messages, so the user sees which mail
 * came back.
 */
export function partFilename(node: MessageStructureObject): string {
  const given = safeFilename(node.dispositionParameters?.filename ?? node.parameters?.name);
  if (given) return given;
  switch ((node.type ?? '').toLowerCase()) {
    case 'message/rfc822':
    case 'message/global':
      return `${safeFilename(node.envelope?.subject) || safeFilename(node.description) || 'message'}.eml`;
    case 'text/rfc822-headers':
    case 'message/global-headers':
      return `${safeFilename(node.description) || 'message headers'}.txt`;
    case 'message/delivery-status':
    case 'message/global-delivery-status':
      return 'delivery-status.txt';
    case 'message/disposition-notification':
      return 'disposition-notification.txt';
    case 'text/calendar':
      return 'invitation.ics';
    default:
      return `attachment-${node.part ?? '1'}`;
  }
}

/** The node of one part number ("2", "1.3") in a BODYSTRUCTURE tree; a single-part message's body is part 1. */
export function findPart(node: MessageStructureObject, part: string): MessageStructureObject | null {
  if (node.part === part || (node.part === undefined && !node.childNodes?.length && part === '1')) return node;
  for (const child of node.childNodes ?? []) {
    const found = findPart(child, part);
    if (found) return found;
  }
  return null;
}
