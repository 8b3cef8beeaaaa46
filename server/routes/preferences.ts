import { Hono } from 'hono';
import { PREFERENCE_SECTIONS, preferencesSchema, type Preferences } from '../../shared/api/preferences';
import type { AppEnv } from '../http/app-env';
import { AppError } from '../http/app-error';
import { requireSession } from '../http/session-middleware';
import { ifMatch, parseInput, readJson } from '../http/validate';
import { PreferencesRepository } from '../preferences/preferences-repository';

/** The signed-in user's own preferences (SPEC §8); each section is saved on its own. */
export const preferenceRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const repository = new PreferencesRepository(c.var.deps.store.db);
    return c.json<Preferences>(await repository.get(await c.var.deps.accounts.of(c.var.session)));
  })
  .put('/:section', async (c) => {
    const section = PREFERENCE_SECTIONS.find((name) => name === c.req.param('section'));
    if (!section) throw new AppError(404, 'not_found', 'There is no such settings section.');
    const value = parseInput(preferencesSchema.shape[section], await readJson(c));
    const repository = new PreferencesRepository(c.var.deps.store.db);
    return c.json<Preferences>(await repository.save(await c.var.deps.accounts.of(c.var.session), section, value, ifMatch(c)));
  });
