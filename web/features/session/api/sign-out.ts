import { useMutation } from '@tanstack/react-query';
import { request, setCsrfToken } from '../../../lib/api-client';

export function signOut(): Promise<void> {
  return request('/api/session', { method: 'DELETE' });
}

/**
 * Ends the session on the server, then hands over to `onSignedOut`, which clears
 * everything cached in the browser. That runs even when the server could not be
 * told: a user who pressed "Sign Out" must not keep seeing their mail.
 */
export function useSignOut(options: { onSignedOut: () => void }) {
  return useMutation({
    mutationFn: signOut,
    onSettled: () => {
      setCsrfToken(null);
      options.onSignedOut();
    },
  });
}
