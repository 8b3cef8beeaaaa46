import { Hono } from 'hono';
import { z } from 'zod';
import type { UnsubscribeResult } from '../../shared/api/unsubscribe';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseInput, readJson } from '../http/validate';
import { unsubscribe } from '../unsubscribe/unsubscribe';

/** The message only: the BFF reads where to unsubscribe from the message itself. */
const unsubscribeRequestSchema = z.object({
  folder: z.string().min(1, 'Name a folder.'),
  uid: z.number().int().positive(),
});

/** "Unsubscribe" in the reading pane (issue 17). */
export const unsubscribeRoutes = new Hono<AppEnv>().use(requireSession).post('/', async (c) => {
  const { folder, uid } = parseInput(unsubscribeRequestSchema, await readJson(c));
  return c.json<UnsubscribeResult>(await unsubscribe(c.var.deps, c.var.session, folder, uid));
});
