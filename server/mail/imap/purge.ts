import type { ImapFlow } from 'imapflow';
import type { SpecialFolder } from '../../../shared/api/folders';
import { PURGE_AFTER_DAYS } from '../../../shared/limits';
import type { Credentials } from './imap-connection';
import { expungeExactly } from './message-actions';
import { atom, type RawAttribute } from './raw-command';
import { uidSearch, type ImapRunner } from './selection';
import { listMailboxEntries } from './special-folders';

// SPEC §1 (guide: "Why do emails disappear from my trash and spam folders?"):
// at sign-out, messages saved into Trash or Spam more than PURGE_AFTER_DAYS
// days ago are deleted for good. Folders the user created are never touched.

/** Sign-out waits this long for the purge, then signs out anyway and lets it finish on its own. */
export const PURGE_WAIT_MS = 5_000;

const PURGED_FOLDERS: readonly SpecialFolder[] = ['trash', 'junk'];

export interface PurgeOutcome {
  folder: SpecialFolder;
  deleted: number;
}

/**
 * IMAP date keys compare whole days in the server's time zone. The cutoff is
 * the UTC day PURGE_AFTER_DAYS + 1 days back, so whatever the server's zone
 * (UTC-12 to UTC+14), nothing younger than PURGE_AFTER_DAYS days goes; a
 * message may stay a day longer until a later sign-out.
 */
export function purgeCutoff(now: Date, days = PURGE_AFTER_DAYS): Date {
  const day = new Date(now.getTime() - (days + 1) * 86_400_000);
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 3501 date: "5-Oct-2026". */
export function imapDate(date: Date): string {
  return `${date.getUTCDate()}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()}`;
}

/**
 * SAVEDBEFORE (RFC 8514) where the server keeps the date a message was saved
 * into its folder: a message moved to Trash yesterday is a day old there,
 * however old the message. Without it, the arrival (internal) date.
 */
export function purgeCriteria(cutoff: Date, serverKnowsSaveDate: boolean): RawAttribute[] {
  return [atom(serverKnowsSaveDate ? 'SAVEDBEFORE' : 'BEFORE'), atom(imapDate(cutoff))];
}

/** Safe to run again: a second run finds only what the first left. */
export async function purgeOldMessages(client: ImapFlow, now = new Date()): Promise<PurgeOutcome[]> {
  const criteria = purgeCriteria(purgeCutoff(now), client.capabilities.has('SAVEDATE'));
  const entries = await listMailboxEntries(client);
  const outcomes: PurgeOutcome[] = [];
  for (const use of PURGED_FOLDERS) {
    const entry = entries.find((candidate) => candidate.specialUse === use);
    if (!entry || entry.noselect) continue;
    const mailbox = await client.mailboxOpen(entry.path);
    const uids = mailbox.exists === 0 ? [] : await uidSearch(client, criteria);
    await expungeExactly(client, uids);
    outcomes.push({ folder: use, deleted: uids.length });
  }
  return outcomes;
}

/**
 * The purge as sign-out runs it: never in the way of signing out. A failure
 * is logged (folder kinds and the error's code only, never message content),
 * and a slow server gets PURGE_WAIT_MS before sign-out goes ahead without it.
 */
export async function purgeAtSignOut(imap: ImapRunner, credentials: Credentials, waitMs = PURGE_WAIT_MS): Promise<PurgeOutcome[] | null> {
  const purge = imap.run(credentials, ({ client }) => purgeOldMessages(client)).catch((err: unknown) => {
    console.warn(`[sign-out] purge of Trash and Spam failed: ${describe(err)}`);
    return null;
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), waitMs);
    timer.unref();
  });
  const outcome = await Promise.race([purge, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    console.warn(`[sign-out] purge of Trash and Spam still running after ${waitMs} ms; signing out meanwhile`);
    return null;
  }
  return outcome;
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const e = err as Error & { code?: string; responseStatus?: string; serverResponseCode?: string };
  return [e.name, e.code, e.responseStatus, e.serverResponseCode].filter(Boolean).join(' ');
}
