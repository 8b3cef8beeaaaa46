import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { appPasswordsSchema, createdAppPasswordSchema, securitySettingsSchema, signedInDevicesSchema, type SecuritySettings } from '../../../../shared/api/security';
import { request } from '../../../lib/api-client';

export const securityKeys = {
  all: ['security'] as const,
  devices: () => [...securityKeys.all, 'devices'] as const,
  settings: () => [...securityKeys.all, 'settings'] as const,
  appPasswords: () => [...securityKeys.all, 'app-passwords'] as const,
};

export function useSignedInDevices() {
  return useQuery(
    queryOptions({
      queryKey: securityKeys.devices(),
      queryFn: ({ signal }) => request('/api/security/devices', { schema: signedInDevicesSchema, signal }),
    }),
  );
}

/** Ends one session (`id`) or every other session (`others`); the list is asked again either way. */
export function useSignOutDevices() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (which: { id: string } | 'others') =>
      which === 'others'
        ? request('/api/security/devices/sign-out-others', { method: 'POST' })
        : request(`/api/security/devices/${encodeURIComponent(which.id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: securityKeys.devices() }),
  });
}

export function useSecuritySettings() {
  return useQuery(
    queryOptions({
      queryKey: securityKeys.settings(),
      queryFn: ({ signal }) => request('/api/security/settings', { schema: securitySettingsSchema, signal }),
    }),
  );
}

export function useSaveSecuritySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (settings: SecuritySettings) => request('/api/security/settings', { method: 'PUT', body: settings, schema: securitySettingsSchema }),
    onSuccess: (saved) => queryClient.setQueryData(securityKeys.settings(), saved),
  });
}

export function useAppPasswords() {
  return useQuery(
    queryOptions({
      queryKey: securityKeys.appPasswords(),
      queryFn: ({ signal }) => request('/api/security/app-passwords', { schema: appPasswordsSchema, signal }),
    }),
  );
}

/** The answer holds the password itself: the only time it is shown. */
export function useCreateAppPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; password: string }) => request('/api/security/app-passwords', { method: 'POST', body: input, schema: createdAppPasswordSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: securityKeys.appPasswords() }),
  });
}

export function useRevokeAppPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request(`/api/security/app-passwords/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: securityKeys.appPasswords() }),
  });
}
