import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation } from 'wouter';
import { isSessionEnded } from '../lib/api-client';
import { resetClientState } from './reset-client-state';

/**
 * Watches every query and mutation: a 401 anywhere means the session ended
 * (expired, signed out in another tab, server-side revoked). Then the caches
 * go and the sign-in page says why.
 */
export function SessionWatcher() {
  const queryClient = useQueryClient();
  const [location, navigate] = useLocation();
  const onSignIn = location === '/sign-in';

  useEffect(() => {
    if (onSignIn) return;
    let handled = false;
    const handle = (error: unknown) => {
      if (handled || !isSessionEnded(error)) return;
      handled = true;
      // Not inside the cache's notification: clearing the cache from there would re-enter it.
      queueMicrotask(() => {
        navigate('/sign-in?ended=1', { replace: true });
        resetClientState(queryClient);
      });
    };
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') handle(event.action.error);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') handle(event.action.error);
    });
    return () => {
      stopQueries();
      stopMutations();
    };
  }, [queryClient, navigate, onSignIn]);

  return null;
}
