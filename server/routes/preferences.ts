import { Hono } from 'hono';
import { PREFERENCE_SECTIONS, preferencesSchema, type Preferences } from '../../shared/api/preferences';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import { requireSession } from '../http/session-middleware';
import { ifMatch, parseInput, readJson } from '../http/validate';

/** The signed-in user's own preferences (SPEC §8); each section is saved on its own. */
export const preferenceRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    return c.json<Preferences>(await c.var.deps.preferences.get(await c.var.deps.accounts.of(c.var.session)));
  })
  .put('/:section', async (c) => {
    const section = PREFERENCE_SECTIONS.find((name) => name === c.req.param('section'));
    if (!section) throw new DomainError('not_found', 'There is no such settings section.');
    const value = parseInput(preferencesSchema.shape[section], await readJson(c));
    return c.json<Preferences>(await c.var.deps.preferences.save(await c.var.deps.accounts.of(c.var.session), section, value, ifMatch(c)));
  });
