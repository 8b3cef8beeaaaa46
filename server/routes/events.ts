import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SessionService } from '../auth/session-service';
import type { AppEnv } from '../http/app-env';
import type { SessionEndReason } from '../../shared/api/session';
import { sessionToken, watchSession } from '../http/session-middleware';
import type { LiveListener } from '../live/live-updates';

/** Proxies and load balancers close connections that stay quiet for a minute or so. */
const HEARTBEAT_MS = 25_000;
/** How long the browser's EventSource waits before reconnecting a dropped stream. */
const RECONNECT_MS = 5_000;

/** The events of this stream; the SPA's useLiveUpdates() listens for the same names. */
export type LiveEvent =
  | { event: 'folders-changed'; data: { folders: string[] } }
  | { event: 'session-ended'; data: { reason: SessionEndReason } };

/**
 * Server-Sent Events for the signed-in user (SPEC §4, §12): `folders-changed`
 * names the IMAP paths whose messages, flags or counts changed; the page
 * refetches them. The stream only watches its session (it never keeps it
 * alive): it looks again at every heartbeat and when the session is due to
 * end, and then tells the tab why (`session-ended`).
 */
export const eventRoutes = new Hono<AppEnv>().use(watchSession).get('/', (c) => {
  const { deps, session } = c.var;
  const token = sessionToken(c) ?? '';
  // Tells nginx-style proxies not to buffer the stream.
  c.header('X-Accel-Buffering', 'no');

  return streamSSE(c, async (stream) => {
    const send = (message: LiveEvent) => stream.writeSSE({ event: message.event, data: JSON.stringify(message.data) });
    let finish: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let endedSession = false;

    const listener: LiveListener = {
      sessionId: session.id,
      foldersChanged: (folders) => void send({ event: 'folders-changed', data: { folders } }),
      end: (reason) => {
        endedSession ||= reason === 'session-ended';
        finish();
      },
    };
    stream.onAbort(finish);
    const unsubscribe = deps.live.subscribe(session, listener);
    // Another tab's requests may have moved the session's end since: look, then wait again.
    let check: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const watchUntil = (expiresAt: number) => {
      // A look still under way when the stream closed must not start another round.
      if (closed) return;
      check = setTimeout(lookAgain, Math.max(0, Math.min(HEARTBEAT_MS, expiresAt - Date.now())));
    };
    const lookAgain = () => {
      deps.sessions.lookup(token, 'watch').then(
        (found) => {
          if (!found.active) {
            listener.end('session-ended');
            return;
          }
          void stream.write(': keep-alive\n\n');
          watchUntil(found.expiresAt);
        },
        // The store could not answer: keep the stream, the next heartbeat asks again.
        () => {
          void stream.write(': keep-alive\n\n');
          watchUntil(Date.now() + HEARTBEAT_MS);
        },
      );
    };
    watchUntil(c.var.sessionExpiresAt);

    try {
      await stream.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
      await finished;
      if (endedSession && !stream.aborted) await send({ event: 'session-ended', data: { reason: await endReason(deps.sessions, token) } });
    } finally {
      closed = true;
      clearTimeout(check);
      unsubscribe();
    }
  });
});

/** Why the session ended, as its row says (a row already swept: just ended). */
async function endReason(sessions: SessionService, token: string): Promise<SessionEndReason> {
  const found = await sessions.lookup(token, 'watch').catch(() => null);
  return found && !found.active ? found.reason : 'ended';
}
