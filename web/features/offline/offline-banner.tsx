import { useLayoutEffect } from 'react';
import type { SessionInfo } from '../../../shared/api/session';
import { useTouchLayout } from '../../lib/layout';
import { useOffline } from '../../lib/offline/network-status';
import { offlineUserKey, setOfflineUser } from '../../lib/offline/offline-db';
import { readingCache } from '../../lib/offline/reading-cache';
import { sessionKeys } from '../../lib/session-query';
import { useT } from './i18n';
import './offline.css';

/**
 * "Offline" while the network is gone: what the page shows then is what this
 * device kept, and may be out of date. The live region is always there, so a
 * screen reader hears the change.
 */
export function OfflineBanner() {
  const t = useT();
  const offline = useOffline();
  // Narrow screens: the word alone shows in the bar; the rest is still read out.
  const narrow = useTouchLayout();
  return (
    <div role="status" className="offline-banner-region">
      {offline && (
        <p className="offline-banner">
          <strong>{t('Offline')}</strong>
          <span className={narrow ? 'visually-hidden' : undefined}>
            {t(': showing mail saved on this device; it may be out of date. Messages you send wait until the network is back.')}
          </span>
        </p>
      )}
    </div>
  );
}

/**
 * Names the signed-in user to the offline stores, before the mail queries
 * under the shell fetch anything (a layout effect runs before their effects),
 * drops what another user may have left, and keeps the session so the app
 * can start on this device's copies without network.
 */
export function useOfflineUser(session: SessionInfo): void {
  useLayoutEffect(() => {
    const user = offlineUserKey(session.email);
    setOfflineUser(session.email);
    void readingCache
      .keepOnly(user)
      .then(() => readingCache.put('session', sessionKeys.all, session, user))
      .catch(() => undefined);
  }, [session]);
}
