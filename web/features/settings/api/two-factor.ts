import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { totpEnabledSchema, totpSetupSchema, twoFactorStatusSchema } from '../../../../shared/api/security';
import { request, setCsrfToken } from '../../../lib/api-client';
import { securityKeys } from './security';

const twoFactorKey = () => [...securityKeys.all, 'two-factor'] as const;

export function useTwoFactorStatus() {
  return useQuery(queryOptions({ queryKey: twoFactorKey(), queryFn: ({ signal }) => request('/api/two-factor', { schema: twoFactorStatusSchema, signal }) }));
}

/** A new key to show (QR code and text); nothing changes until a code from it turns it on. */
export function useBeginTotpSetup() {
  return useMutation({ mutationFn: () => request('/api/two-factor/setup', { method: 'POST', schema: totpSetupSchema }) });
}

/**
 * Turns it on with a code from the app. When this finished a sign-in
 * (required two-step sign-in), the new session's CSRF token is used at once;
 * the caller decides when the app moves on (after the recovery codes were seen).
 */
export function useEnableTotp() {
  return useMutation({
    mutationFn: (code: string) => request('/api/two-factor/enable', { method: 'POST', body: { code }, schema: totpEnabledSchema }),
    onSuccess: (enabled) => {
      if (enabled.session) setCsrfToken(enabled.session.csrfToken);
    },
  });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => request('/api/two-factor/disable', { method: 'POST', body: { code } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey() }),
  });
}

export function useRefreshTwoFactorStatus() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: twoFactorKey() });
}
