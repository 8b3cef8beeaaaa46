import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SessionInfo } from '../../shared/api/session';
import { ApiError, request, setCsrfToken } from './api-client';

/** Loaded as the request starts, never with the sign-in page's first chunk (issue 14). */
export const sessionInfoSchema = () => import('../../shared/api/session').then((m) => m.sessionInfoSchema);

export const sessionKeys = {
  all: ['session'] as const,
};

/**
 * The current session, or null when nobody is signed in (a 401 here is an
 * answer, not an error). Without network, the session this device kept with
 * its offline copies (issue 16), if any: the app starts on them.
 */
export async function getSession(): Promise<SessionInfo | null> {
  try {
    const session = await request('/api/session', { schema: sessionInfoSchema });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    const kept = error instanceof ApiError && error.code === 'network' ? await keptSession() : undefined;
    if (!kept) throw error;
    setCsrfToken(kept.csrfToken);
    return kept;
  }
}

/** Loaded only when the network is gone: the offline store stays out of the sign-in page's first load. */
async function keptSession(): Promise<SessionInfo | undefined> {
  const [{ readingCache }, { markServedOffline }] = await Promise.all([import('./offline/reading-cache'), import('./offline/network-status')]);
  const kept = await readingCache.keptSession<SessionInfo>().catch(() => undefined);
  if (kept) markServedOffline();
  return kept;
}

export function sessionQueryOptions() {
  return queryOptions({
    queryKey: sessionKeys.all,
    queryFn: getSession,
    // Changes only by signing in or out, and both write the cache directly.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useSession() {
  return useQuery(sessionQueryOptions());
}
