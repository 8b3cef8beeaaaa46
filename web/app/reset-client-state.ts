import type { QueryClient } from '@tanstack/react-query';
import { resetMailUiStore } from '../features/mail/stores/mail-ui-store';
import { resetSettingsDrafts } from '../features/settings/stores/drafts-store';
import { setCsrfToken } from '../lib/api-client';
import { setOfflineUser } from '../lib/offline/offline-db';
import { readingCache } from '../lib/offline/reading-cache';

/** Prefix of every key Tern keeps in Web Storage. */
export const STORAGE_PREFIX = 'tern:';

/**
 * Forget everything of the signed-in user in this tab: cached mail (and,
 * as they arrive, contacts and events), UI selections, stored preferences.
 * SPEC §1: "Sign Out … clears every cached mail, contact and event in the browser."
 */
export function resetClientState(queryClient: QueryClient): void {
  queryClient.clear();
  // The offline copies of mail go too; the browser outbox stays (per user), see app-bar.tsx.
  setOfflineUser(null);
  void readingCache.wipe().catch(() => undefined);
  resetMailUiStore();
  resetSettingsDrafts();
  setCsrfToken(null);
  for (const storage of [window.sessionStorage, window.localStorage]) {
    try {
      for (const key of Object.keys(storage)) if (key.startsWith(STORAGE_PREFIX)) storage.removeItem(key);
    } catch {
      // Storage can be unavailable (privacy modes); then there is nothing of ours in it either.
    }
  }
}
