import type { SessionEndReason } from '../../shared/api/session';

/**
 * Where the event stream hands over when it hears the session ended: the
 * app's session handling (SessionWatcher) listens, as it does to every 401.
 * One per page, like the CSRF token: a tab has one session.
 */
const sessionEvents = new EventTarget();
const ENDED = 'session-ended';

export function announceSessionEnded(reason: SessionEndReason): void {
  sessionEvents.dispatchEvent(new CustomEvent<SessionEndReason>(ENDED, { detail: reason }));
}

/** Returns the function that stops listening. */
export function onSessionEnded(listener: (reason: SessionEndReason) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<SessionEndReason>).detail);
  sessionEvents.addEventListener(ENDED, handler);
  return () => sessionEvents.removeEventListener(ENDED, handler);
}
