import { setTimeout as sleep } from 'node:timers/promises';
import type { ImapConnectionPool } from './connection-pool';
import type { Credentials } from './imap-connection';
import { openFolder } from './message-window';

/**
 * The sign-in answer goes out first and the app's first requests (folders,
 * the Inbox's rows) come right behind it: the warm-up starts after them, so
 * it takes the connections they leave idle instead of making them log in anew.
 */
export const WARM_UP_DELAY_MS = 300;

/**
 * Dovecot's first body read on a fresh connection costs it ~320 ms in a
 * 100,000-message Inbox (the next ones under 1 ms): paid here, in the
 * background after sign-in, on each idle connection, before the user opens a
 * message (issue 14). One byte of the newest message, BODY.PEEK: nothing is
 * marked read.
 */
export async function warmUpAfterSignIn(pool: Pick<ImapConnectionPool, 'warmIdle'>, credentials: Credentials, delayMs = WARM_UP_DELAY_MS): Promise<void> {
  await sleep(delayMs, undefined, { ref: false });
  await pool.warmIdle(credentials, async ({ client }) => {
    await openFolder(client, 'INBOX');
    if (!client.mailbox || client.mailbox.exists === 0) return;
    await client.fetchOne('*', { source: { start: 0, maxLength: 1 } });
  });
}
