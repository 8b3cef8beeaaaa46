import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { passkeyAddedSchema, passkeysSchema, recoveryCodesSchema, totpEnabledSchema, totpSetupSchema, twoFactorStatusSchema } from '../../../../shared/api/security';
import { request, setCsrfToken } from '../../../lib/api-client';
import { createPasskey, creationOptionsSchema } from '../../../lib/webauthn';
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

const passkeysKey = () => [...securityKeys.all, 'passkeys'] as const;

export function usePasskeys() {
  return useQuery(queryOptions({ queryKey: passkeysKey(), queryFn: ({ signal }) => request('/api/two-factor/passkeys', { schema: passkeysSchema, signal }) }));
}

/**
 * The BFF's challenge, the browser's passkey dialog, the BFF's check. The
 * account's first second step answers with its recovery codes; one that
 * finished a sign-in (required two-step sign-in) with the new session's CSRF token.
 */
export function useAddPasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (name: string) => {
      const options = await request('/api/two-factor/passkeys/options', { method: 'POST', schema: creationOptionsSchema });
      const response = await createPasskey(options);
      return request('/api/two-factor/passkeys', { method: 'POST', body: { name, response }, schema: passkeyAddedSchema });
    },
    onSuccess: (added) => {
      if (added.session) setCsrfToken(added.session.csrfToken);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: securityKeys.all }),
  });
}

export function useRemovePasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, password }: { id: string; password: string }) => request(`/api/two-factor/passkeys/${encodeURIComponent(id)}`, { method: 'DELETE', body: { password } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: securityKeys.all }),
  });
}

/** Ten new recovery codes; the old ones stop working. */
export function useRegenerateRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => request('/api/two-factor/recovery-codes', { method: 'POST', body: { password }, schema: recoveryCodesSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: twoFactorKey() }),
  });
}
