import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation } from 'wouter';
import { OfflineBanner } from '../features/offline/offline-banner';
import { useSignOut } from '../features/session/api/sign-out';
import { useT } from '../lib/i18n/app';
import { msg } from '../lib/i18n/i18n';
import { browserOutbox } from '../lib/offline/browser-outbox';
import { offlineUserKey } from '../lib/offline/offline-db';
import { PRODUCT_NAME } from '../lib/product-name';
import { resetClientState } from './reset-client-state';

export const SECTIONS = [
  { path: '/mail', label: msg('Mail') },
  { path: '/contacts', label: msg('Contacts') },
  { path: '/calendar', label: msg('Calendar') },
  { path: '/settings', label: msg('Settings') },
] as const;

export function AppBar({ email }: { email: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [location, navigate] = useLocation();
  const signOut = useSignOut({
    onSignedOut: () => {
      navigate('/sign-in', { replace: true });
      resetClientState(queryClient);
    },
  });
  // Messages still in the browser outbox go with the sign-out: never without the user's word.
  const signOutAfterWarning = async () => {
    const user = offlineUserKey(email);
    const unsent = await browserOutbox.unsentCount(user).catch(() => 0);
    if (unsent > 0) {
      const question = t('{{count}} messages have not been sent yet (Tern is waiting for the network). Signing out deletes them from this browser. Sign out anyway?', { count: unsent });
      if (!window.confirm(question)) return;
      await browserOutbox.wipe(user).catch(() => undefined);
    }
    signOut.mutate();
  };

  return (
    <header className="app-bar">
      <span className="app-brand">
        <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M2 13c5-1 8-4 10-9 1 4 4 7 10 8-6 1-8 3-9 8-1-4-5-6-11-7z" fill="currentColor" />
        </svg>
        {PRODUCT_NAME}
      </span>
      <nav className="app-nav" aria-label={t('Sections')}>
        <ul>
          {SECTIONS.map((section) => {
            const active = location === section.path || location.startsWith(`${section.path}/`);
            return (
              <li key={section.path}>
                <Link href={section.path} className={active ? 'app-nav-link is-active' : 'app-nav-link'} aria-current={active ? 'page' : undefined}>
                  {t(section.label)}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="app-user">
        <OfflineBanner />
        <span className="app-user-email" title={email} dir="ltr">
          {email}
        </span>
        <button type="button" className="button button-quiet" onClick={() => void signOutAfterWarning()} disabled={signOut.isPending}>
          {t('Sign Out')}
        </button>
      </div>
    </header>
  );
}
