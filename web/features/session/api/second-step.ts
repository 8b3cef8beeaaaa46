import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionInfo } from '../../../../shared/api/session';
import { isSessionEnded, request, setCsrfToken } from '../../../lib/api-client';
import { requestOptionsSchema, signWithPasskey } from '../../../lib/webauthn';
import { sessionInfoSchema, sessionKeys } from '../../../lib/session-query';

/** The code after the password: the answer is the signed-in session (a new cookie, a new CSRF token). */
export function useSecondStep(options: { onSuccess: (session: SessionInfo) => void }) {
  return useFinishSignIn((code: string) => request('/api/session/second-step', { method: 'POST', body: { code }, schema: sessionInfoSchema }), options);
}

/** A passkey after the password: the BFF's challenge for this half signed-in session, the browser's dialog, the BFF's check. */
export function usePasskeySignIn(options: { onSuccess: (session: SessionInfo) => void }) {
  return useFinishSignIn<void>(async () => {
    const challenge = await request('/api/session/passkey/options', { method: 'POST', schema: requestOptionsSchema });
    const response = await signWithPasskey(challenge);
    return request('/api/session/passkey', { method: 'POST', body: { response }, schema: sessionInfoSchema });
  }, options);
}

function useFinishSignIn<T>(mutationFn: (input: T) => Promise<SessionInfo>, options: { onSuccess: (session: SessionInfo) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionKeys.all, session);
      options.onSuccess(session);
    },
    // The half signed-in session lasts minutes: once it is gone, back to the password.
    onError: (error) => {
      if (isSessionEnded(error)) queryClient.setQueryData(sessionKeys.all, null);
    },
  });
}

/** Leaves a half-finished sign-in: back to the password form. */
export function useCancelSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request('/api/session', { method: 'DELETE' }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.setQueryData(sessionKeys.all, null);
    },
  });
}
