import { DomainError } from '../../domain-error';
import { readWhileFits } from '../stream-reading';
import type { ImapConnectionPool } from './connection-pool';
import type { Credentials } from './imap-connection';
import { downloadPart } from './attachment-download';

/** A calendar part larger than this is not an invitation anyone sends. */
const MAX_INVITATION_BYTES = 1024 * 1024;

/** A message's text/calendar part and the message's header block (for Delivered-To and the sender checks). */
export interface MailedCalendarPart {
  ics: string;
  headers: string;
}

export function readCalendarPart(
  imap: ImapConnectionPool,
  user: Credentials,
  at: { folder: string; uid: number; part: string },
): Promise<MailedCalendarPart> {
  return imap.run(user, async ({ client }) => {
    const part = await downloadPart(client, at.folder, at.uid, at.part);
    if (part.contentType !== 'text/calendar' && part.contentType !== 'application/ics') {
      part.content.resume();
      throw new DomainError('bad_request', 'That part of the message is not a calendar.');
    }
    const ics = await readWhileFits(
      part.content,
      (bytes) => bytes <= MAX_INVITATION_BYTES,
      () => new DomainError('bad_request', 'This calendar part is too large to be an invitation.'),
    );
    const message = await client.fetchOne(String(at.uid), { headers: true }, { uid: true });
    return { ics: ics.toString('utf8'), headers: message && message.headers ? message.headers.toString('utf8') : '' };
  });
}

/** The address of the first Delivered-To line: the one the user's own mail server added on top (a sender can add more below). */
export function deliveredToIn(headers: string): string[] {
  const match = /^Delivered-To:\s*<?([^\s<>]+@[^\s<>]+)>?\s*$/im.exec(headers.replace(/\r?\n[ \t]+/g, ' '));
  return match ? [match[1]!.toLowerCase()] : [];
}
