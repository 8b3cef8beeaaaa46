import type { ImapConnectionPool } from './connection-pool';
import type { Credentials } from './imap-connection';
import { openFolder } from './message-window';

/**
 * The sign-in answer goes out first and the app's first requests (folders,
 * the Inbox's rows, the preferences) come behind it, one after the other on
 * the user's one request connection (the default limit of 2 less the
 * live-update watcher's): the warm-up waits until a connection has been idle
 * this long, so it does not make them wait, also on a loaded machine where the
 * browser takes a few hundred ms to send the first one. A user looks at the
 * rows for longer than this before opening one.
 */
export const WARM_UP_QUIET_MS = 500;

/**
 * Dovecot's first body read on a fresh connection costs it ~320 ms in a
 * 100,000-message Inbox (the next ones under 1 ms): paid here, in the
 * background after sign-in, on each idle connection, before the user opens a
 * message (issue 14). One byte of the newest message, BODY.PEEK: nothing is
 * marked read.
 */
export async function warmUpAfterSignIn(pool: Pick<ImapConnectionPool, 'warmIdle'>, credentials: Credentials): Promise<void> {
  await pool.warmIdle(
    credentials,
    async ({ client }) => {
      await openFolder(client, 'INBOX');
      if (!client.mailbox || client.mailbox.exists === 0) return;
      await client.fetchOne('*', { source: { start: 0, maxLength: 1 } });
    },
    { quietMs: WARM_UP_QUIET_MS },
  );
}
