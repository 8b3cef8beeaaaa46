import { Hono, type Context } from 'hono';
import { invitationActionSchema, invitationQuerySchema, type Invitation } from '../../shared/api/calendar';
import { InvitationService } from '../calendar/invitation-service';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery, readJson } from '../http/validate';

/** Invitations in mail (SPEC §5): the event of a message's calendar part, and the user's answer to it. */
export const invitationRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const { folder, uid, part } = parseQuery(invitationQuerySchema, c);
    return c.json<Invitation>(await invitationsOf(c).show({ folder, uid, part }));
  })
  .post('/respond', async (c) => {
    const { folder, uid, part, action, confirmed } = parseInput(invitationActionSchema, await readJson(c));
    await invitationsOf(c).respond({ folder, uid, part }, action, confirmed ?? false);
    return c.body(null, 204);
  });

function invitationsOf(c: Context<AppEnv>): InvitationService {
  return new InvitationService(c.var.deps, c.var.session);
}
