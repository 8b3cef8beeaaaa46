import { useMutation } from '@tanstack/react-query';
import type { ChangePasswordRequest } from '../../../../shared/api/password';
import { request } from '../../../lib/api-client';

/** The session stays signed in: the BFF re-seals it with the new password. */
export function changePassword(body: ChangePasswordRequest): Promise<void> {
  return request('/api/settings/password', { method: 'POST', body });
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
