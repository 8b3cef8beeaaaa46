import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SessionInfo, SignInRequest } from '../../../../shared/api/session';
import { request, setCsrfToken } from '../../../lib/api-client';
import { sessionInfoSchema, sessionKeys } from '../../../lib/session-query';

export function signIn(body: SignInRequest): Promise<SessionInfo> {
  return request('/api/session', { method: 'POST', body, schema: sessionInfoSchema });
}

export function useSignIn(options: { onSuccess?: (session: SessionInfo) => void } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(sessionKeys.all, session);
      options.onSuccess?.(session);
    },
  });
}
