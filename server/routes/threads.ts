import { Hono } from 'hono';
import { threadStackQuerySchema, threadWindowQuerySchema, type ThreadStack, type ThreadWindow } from '../../shared/api/threads';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseQuery } from '../http/validate';
import { fetchThreadStack, fetchThreadWindow } from '../mail/imap/threads';

/**
 * Conversations (issue 17): a folder's threads, windowed, and one thread's
 * messages. Actions on a thread are the message actions on its UIDs.
 */
export const threadRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const query = parseQuery(threadWindowQuerySchema, c);
    return c.json<ThreadWindow>(await c.var.deps.imap.run(c.var.session, (connection) => fetchThreadWindow(connection, query)));
  })
  .get('/stack', async (c) => {
    const query = parseQuery(threadStackQuerySchema, c);
    return c.json<ThreadStack>(await c.var.deps.imap.run(c.var.session, (connection) => fetchThreadStack(connection, query)));
  });
