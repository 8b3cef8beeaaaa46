import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../http/app-env';
import { requireSession, sessionToken } from '../http/session-middleware';
import type { LiveListener } from '../live/live-updates';

/** Proxies and load balancers close connections that stay quiet for a minute or so. */
const HEARTBEAT_MS = 25_000;
/** How long the browser's EventSource waits before reconnecting a dropped stream. */
const RECONNECT_MS = 5_000;

/** The events of this stream; the SPA's useLiveUpdates() listens for the same names. */
export type LiveEvent =
  | { event: 'folders-changed'; data: { folders: string[] } }
  | { event: 'session-ended'; data: Record<string, never> };

/**
 * Server-Sent Events for the signed-in user (SPEC §4, §12): `folders-changed`
 * names the IMAP paths whose messages, flags or counts changed; the page
 * refetches them. The session is checked again at every heartbeat, so a
 * stream never outlives its session by more than one heartbeat.
 */
export const eventRoutes = new Hono<AppEnv>().use(requireSession).get('/', (c) => {
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
    const heartbeat = setInterval(() => {
      void deps.sessions
        .resolve(token)
        .then((current) => {
          if (current?.id !== session.id) listener.end('session-ended');
          else void stream.write(': keep-alive\n\n');
        })
        // The store could not answer: keep the stream, the next heartbeat asks again.
        .catch(() => void stream.write(': keep-alive\n\n'));
    }, HEARTBEAT_MS);

    try {
      await stream.write(`retry: ${RECONNECT_MS}\n: connected\n\n`);
      await finished;
      if (endedSession && !stream.aborted) await send({ event: 'session-ended', data: {} });
    } finally {
      clearInterval(heartbeat);
      unsubscribe();
    }
  });
});
