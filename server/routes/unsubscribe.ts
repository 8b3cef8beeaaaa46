import { Hono } from 'hono';
import { unsubscribeRequestSchema, type UnsubscribeResult } from '../../shared/api/unsubscribe';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseInput, readJson } from '../http/validate';
import { unsubscribe } from '../unsubscribe/unsubscribe';

/** "Unsubscribe" in the reading pane (issue 17). */
export const unsubscribeRoutes = new Hono<AppEnv>().use(requireSession).post('/', async (c) => {
  const { folder, uid } = parseInput(unsubscribeRequestSchema, await readJson(c));
  return c.json<UnsubscribeResult>(await unsubscribe(c.var.deps, c.var.session, folder, uid));
});
