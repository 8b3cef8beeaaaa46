import { Hono } from 'hono';
import { autoreplySettingsSchema, type AutoreplySettings } from '../../shared/api/autoreply';
import { scriptFoldersOf } from '../filtering/filters-on-mailbox';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { ifMatch, parseInput, readJson } from '../http/validate';

/** Settings → Auto-reply (SPEC §8): the vacation part of the user's Sieve script, which the mail server enforces. */
export const autoreplyRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const { autoreply } = await c.var.deps.sieveSettings.load(c.var.session);
    return c.json<AutoreplySettings>(autoreply);
  })
  .put('/', async (c) => {
    const input = parseInput(autoreplySettingsSchema, await readJson(c));
    const { sieveSettings, imap } = c.var.deps;
    const { autoreply } = await sieveSettings.saveAutoreply(c.var.session, input, () => scriptFoldersOf(imap, c.var.session), ifMatch(c));
    return c.json<AutoreplySettings>(autoreply);
  });
