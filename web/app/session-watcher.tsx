import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation } from 'wouter';
import type { SessionEndReason } from '../../shared/api/session';
import { sessionEndReasonOf } from '../lib/api-client';
import { onSessionEnded } from '../lib/session-ended';
import { resetClientState } from './reset-client-state';

/**
 * Watches every query and mutation, and the event stream: a 401 anywhere, or
 * the stream's `session-ended`, means the session ended (expired, signed out
 * in another tab, the password changed). Then the caches go and the sign-in
 * page says why.
 */
export function SessionWatcher() {
  const queryClient = useQueryClient();
  const [location, navigate] = useLocation();
  const onSignIn = location === '/sign-in';

  useEffect(() => {
    if (onSignIn) return;
    let handled = false;
    const handle = (reason: SessionEndReason) => {
      if (handled) return;
      handled = true;
      // Not inside the cache's notification: clearing the cache from there would re-enter it.
      queueMicrotask(() => {
        navigate(`/sign-in?ended=${reason}`, { replace: true });
        resetClientState(queryClient);
      });
    };
    const handleError = (error: unknown) => {
      const reason = sessionEndReasonOf(error);
      if (reason) handle(reason);
    };
    const stopStream = onSessionEnded(handle);
    const stopQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') handleError(event.action.error);
    });
    const stopMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'error') handleError(event.action.error);
    });
    return () => {
      stopStream();
      stopQueries();
      stopMutations();
    };
  }, [queryClient, navigate, onSignIn]);

  return null;
}
