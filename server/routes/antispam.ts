import { Hono } from 'hono';
import { antispamSettingsSchema, type AntispamResponse } from '../../shared/api/antispam';
import { contentVersion } from '../../shared/content-version';
import { scriptFoldersOf } from '../filtering/filters-on-mailbox';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { ifMatch, parseInput, readJson } from '../http/validate';

/** Settings → Anti-spam (SPEC §7): the spam part of the user's Sieve script, which the mail server enforces. */
export const antispamRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const service = c.var.deps.sieveSettings;
    const { antispam, inForce } = await service.load(c.var.session);
    return c.json<AntispamResponse>({ settings: antispam, globalDefaults: service.globalDefaults, inForce, version: contentVersion(antispam) });
  })
  .put('/', async (c) => {
    const input = parseInput(antispamSettingsSchema, await readJson(c));
    const { sieveSettings: service, imap } = c.var.deps;
    const { antispam } = await service.saveAntispam(c.var.session, input, () => scriptFoldersOf(imap, c.var.session), ifMatch(c));
    return c.json<AntispamResponse>({ settings: antispam, globalDefaults: service.globalDefaults, inForce: true, version: contentVersion(antispam) });
  });
