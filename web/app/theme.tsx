import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Display } from '../../shared/api/preferences';
import { useSession } from '../features/session/api/get-session';
import { preferencesQueryOptions } from '../lib/preferences';

type Theme = Display['theme'];

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * Applies the signed-in user's theme (Settings → "Display") to the whole app
 * as `data-theme` on <html>, which app.css keys its colours on. "system", and
 * everyone signed out, follows the operating system, live.
 */
export function ThemeApplier() {
  const session = useSession();
  const preferences = useQuery({ ...preferencesQueryOptions(), enabled: Boolean(session.data) });
  const theme: Theme = session.data ? (preferences.data?.display.theme ?? 'system') : 'system';

  useEffect(() => {
    const media = typeof window.matchMedia === 'function' ? window.matchMedia(DARK_QUERY) : null;
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (media?.matches ? 'dark' : 'light') : theme;
    };
    apply();
    if (theme !== 'system' || !media) return;
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);

  return null;
}
