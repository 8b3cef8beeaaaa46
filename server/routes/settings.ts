import { Hono } from 'hono';
import { antispamSettingsSchema, type AntispamResponse } from '../../shared/api/antispam';
import { autoreplySettingsSchema, type AutoreplySettings } from '../../shared/api/autoreply';
import type { Context } from 'hono';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseInput, readJson } from '../http/validate';
import { specialFolderPath } from '../mail/imap/special-folders';
import { SieveSettingsService } from '../settings/sieve-settings-service';

/** Settings the mail server enforces (SPEC §7, §8): anti-spam and auto-reply, as the user's Sieve script. */
export const settingsRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/antispam', async (c) => {
    const service = sieveSettings(c);
    const { antispam } = await service.load(c.var.session);
    return c.json<AntispamResponse>({ settings: antispam, globalDefaults: service.globalDefaults });
  })
  .put('/antispam', async (c) => {
    const input = parseInput(antispamSettingsSchema, await readJson(c));
    const service = sieveSettings(c);
    const { antispam } = await service.saveAntispam(c.var.session, input, () => spamFolderOf(c));
    return c.json<AntispamResponse>({ settings: antispam, globalDefaults: service.globalDefaults });
  })
  .get('/autoreply', async (c) => {
    const { autoreply } = await sieveSettings(c).load(c.var.session);
    return c.json<AutoreplySettings>(autoreply);
  })
  .put('/autoreply', async (c) => {
    const input = parseInput(autoreplySettingsSchema, await readJson(c));
    const { autoreply } = await sieveSettings(c).saveAutoreply(c.var.session, input, () => spamFolderOf(c));
    return c.json<AutoreplySettings>(autoreply);
  });

function sieveSettings(c: Context<AppEnv>): SieveSettingsService {
  const { config } = c.var.deps;
  return new SieveSettingsService(config.sieve, config.spamDefaults);
}

/** The \Junk folder whatever the server calls it ("Spam" in Tern), created if missing. */
function spamFolderOf(c: Context<AppEnv>): Promise<string> {
  return c.var.deps.imap.run(c.var.session, ({ client }) => specialFolderPath(client, 'junk'));
}
