import { Hono } from 'hono';
import type { Context } from 'hono';
import { antispamSettingsSchema, type AntispamResponse } from '../../shared/api/antispam';
import { autoreplySettingsSchema, type AutoreplySettings } from '../../shared/api/autoreply';
import { changePasswordSchema } from '../../shared/api/password';
import type { AppEnv } from '../http/app-env';
import { AppError } from '../http/app-error';
import { clientAddress } from '../http/client-address';
import { throttledPasswordCheck } from '../http/throttle-guard';
import { requireSession, sessionToken } from '../http/session-middleware';
import { ifMatch, parseInput, readJson } from '../http/validate';
import { PasswordDriverError } from '../password/password-driver';
import { contentVersion } from '../../shared/content-version';
import { scriptFolders } from '../settings/filters-on-mailbox';
import type { ScriptFolders } from '../settings/sieve-script';

/** Settings the mail server enforces (SPEC §7, §8): anti-spam and auto-reply, as the user's Sieve script. */
export const settingsRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/antispam', async (c) => {
    const service = c.var.deps.sieveSettings;
    const { antispam, inForce } = await service.load(c.var.session);
    return c.json<AntispamResponse>({ settings: antispam, globalDefaults: service.globalDefaults, inForce, version: contentVersion(antispam) });
  })
  .put('/antispam', async (c) => {
    const input = parseInput(antispamSettingsSchema, await readJson(c));
    const service = c.var.deps.sieveSettings;
    const { antispam } = await service.saveAntispam(c.var.session, input, () => scriptFoldersOf(c), ifMatch(c));
    return c.json<AntispamResponse>({ settings: antispam, globalDefaults: service.globalDefaults, inForce: true, version: contentVersion(antispam) });
  })
  .get('/autoreply', async (c) => {
    const { autoreply } = await c.var.deps.sieveSettings.load(c.var.session);
    return c.json<AutoreplySettings>(autoreply);
  })
  .put('/autoreply', async (c) => {
    const input = parseInput(autoreplySettingsSchema, await readJson(c));
    const { autoreply } = await c.var.deps.sieveSettings.saveAutoreply(c.var.session, input, () => scriptFoldersOf(c), ifMatch(c));
    return c.json<AutoreplySettings>(autoreply);
  })
  .post('/password', async (c) => {
    const { imap, throttle, sessions, live, passwordDriver: driver } = c.var.deps;
    const { email } = c.var.session;
    const input = parseInput(changePasswordSchema, await readJson(c));
    if (!driver.available) throw new AppError(501, 'not_available', 'Password changes are not available on this server.');

    // Guessing the current password here is guessing a sign-in: the same throttle counts it.
    const wrongCurrent = 'The current password is not right.';
    await throttledPasswordCheck(throttle, { login: email, address: clientAddress(c) }, () => imap.verify({ email, password: input.currentPassword }), () =>
      new AppError(400, 'bad_request', wrongCurrent, { fields: { currentPassword: wrongCurrent } }));

    try {
      await driver.change(email, input.newPassword);
    } catch (err) {
      if (err instanceof PasswordDriverError) throw new AppError(502, 'mail_server_refused', err.message);
      throw err;
    }
    // Every other session of the mailbox (any address, any instance) ends; this instance's tabs of them hear it at once.
    for (const ended of await sessions.changePassword(sessionToken(c) ?? '', input.newPassword)) live.endSession(ended);
    // Pooled connections were opened with the old password; the next request opens new ones.
    await imap.closeUser(email);
    return c.body(null, 204);
  });

/** Spam and Trash whatever the server calls them, created if missing. */
function scriptFoldersOf(c: Context<AppEnv>): Promise<ScriptFolders> {
  return c.var.deps.imap.run(c.var.session, ({ client }) => scriptFolders(client));
}
