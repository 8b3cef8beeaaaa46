import { Hono } from 'hono';
import type { MoveResult } from '../../shared/api/actions';
import { snoozeRequestSchema, unsnoozeRequestSchema, type SnoozeList } from '../../shared/api/snooze';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseInput, readJson } from '../http/validate';

/** Snooze (issue 17): to "Snoozed" until a time, when each comes back, "Unsnooze". */
export const snoozeRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => c.json<SnoozeList>(await c.var.deps.snoozes.list(c.var.session)))
  .post('/', async (c) => c.json<MoveResult>(await c.var.deps.snoozes.snooze(c.var.session, parseInput(snoozeRequestSchema, await readJson(c)))))
  .post('/unsnooze', async (c) => c.json<MoveResult>(await c.var.deps.snoozes.unsnooze(c.var.session, parseInput(unsnoozeRequestSchema, await readJson(c)))));
