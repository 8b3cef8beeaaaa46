import { Hono } from 'hono';
import {
  MAX_APP_PASSWORDS,
  newAppPasswordRequestSchema,
  securitySettingsUpdateSchema,
  type AppPasswords,
  type CreatedAppPassword,
  type SecuritySettings,
  type SignedInDevices,
} from '../../shared/api/security';
import { ERROR_TEXTS } from '../../shared/errors';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import { confirmCurrentPassword } from '../http/confirm-password';
import { requireSession } from '../http/session-middleware';
import { parseInput, readJson } from '../http/validate';
import { describeUserAgent } from '../security/devices';

/**
 * Settings → "Security" (issue 18): the account's signed-in devices, its app
 * passwords for /dav/ and its security choices. Ending a session ends its row in the shared store, so its
 * tabs on every instance learn it (their next request, or their event
 * stream's next look, at most a heartbeat later); this instance's streams at once.
 */
export const securityRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/devices', async (c) => {
    const { session } = c.var;
    const rows = await c.var.deps.sessions.listOfAccount(session.account);
    const devices = rows
      .map((row) => ({
        id: row.id,
        ...describeUserAgent(row.user_agent),
        address: row.client_address ?? 'unknown',
        signedInAt: row.created_at,
        lastActiveAt: row.last_seen_at,
        current: row.id === session.id,
      }))
      .sort((a, b) => Number(b.current) - Number(a.current) || b.lastActiveAt - a.lastActiveAt);
    return c.json<SignedInDevices>({ devices });
  })
  .delete('/devices/:id', async (c) => {
    const { session, deps } = c.var;
    const id = c.req.param('id');
    if (id === session.id) throw new DomainError('bad_request', ERROR_TEXTS.currentDeviceSignOut);
    if (!(await deps.sessions.signOutDevice(session.account, id))) throw new DomainError('not_found', 'That device is no longer signed in.');
    deps.live.endSession(id);
    return c.body(null, 204);
  })
  .post('/devices/sign-out-others', async (c) => {
    const { session, deps } = c.var;
    const ended = await deps.sessions.signOutOtherDevices(session.account, session.id);
    for (const id of ended) deps.live.endSession(id);
    return c.json({ signedOut: ended.length });
  })
  .get('/app-passwords', async (c) => {
    const { deps, session } = c.var;
    return c.json<AppPasswords>({ appPasswords: await deps.appPasswords.list(session.account), available: deps.dav.settings.auth === 'remote-user' });
  })
  .post('/app-passwords', async (c) => {
    const { deps, session } = c.var;
    const { name, password } = parseInput(newAppPasswordRequestSchema, await readJson(c));
    if (deps.dav.settings.auth !== 'remote-user') throw new DomainError('not_available', ERROR_TEXTS.appPasswordsUnavailable);
    if ((await deps.appPasswords.count(session.account)) >= MAX_APP_PASSWORDS) {
      throw new DomainError('conflict', `You have ${MAX_APP_PASSWORDS} app passwords, the most there can be: revoke one you no longer use first.`);
    }
    // An app password opens /dav/ without the second step: only for the one who knows the password.
    await confirmCurrentPassword(c, password);
    return c.json<CreatedAppPassword>(await deps.appPasswords.create(session.account, session.email, name), 201);
  })
  .delete('/app-passwords/:id', async (c) => {
    const { deps, session } = c.var;
    if (!(await deps.appPasswords.revoke(session.account, c.req.param('id')))) throw new DomainError('not_found', 'That app password is gone already.');
    return c.body(null, 204);
  })
  .get('/settings', async (c) => c.json<SecuritySettings>(await c.var.deps.security.settings(c.var.session.account)))
  .put('/settings', async (c) => {
    const settings = parseInput(securitySettingsUpdateSchema, await readJson(c));
    await c.var.deps.security.updateSettings(c.var.session.account, settings);
    return c.json<SecuritySettings>(settings);
  });
