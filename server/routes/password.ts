import { Hono } from 'hono';
import { changePasswordSchema } from '../../shared/api/password';
import type { AppEnv } from '../http/app-env';
import { clientAddress } from '../http/client-address';
import { requireSession, sessionToken } from '../http/session-middleware';
import { parseInput, readJson } from '../http/validate';
import { changePassword } from '../password/password-change';

/** Settings → Password (SPEC §7): the mailbox's password, changed on the mail server. */
export const passwordRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .post('/', async (c) => {
    const input = parseInput(changePasswordSchema, await readJson(c));
    await changePassword(c.var.deps, { email: c.var.session.email, sessionToken: sessionToken(c) ?? '', clientAddress: clientAddress(c) }, input);
    return c.body(null, 204);
  });
