import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Display } from '../../shared/api/preferences';
import { useSession } from '../lib/session-query';
import { preferencesQueryOptions } from '../lib/preferences-query';
import { STORAGE_PREFIX } from './reset-client-state';

type Theme = Display['theme'];

const DARK_QUERY = '(prefers-color-scheme: dark)';
/** The last theme seen, so a reload is not light for a moment before the preferences arrive; cleared at sign-out. */
const THEME_KEY = `${STORAGE_PREFIX}theme`;

/**
 * Applies the signed-in user's theme (Settings → "Display") to the whole app
 * as `data-theme` on <html>, which app.css keys its colours on. "system", and
 * everyone signed out, follows the operating system, live.
 */
export function ThemeApplier() {
  const session = useSession();
  const preferences = useQuery({ ...preferencesQueryOptions(), enabled: Boolean(session.data) });
  // Signed out: the system's. While the session or preferences load: the last one seen.
  const theme: Theme = session.data === null ? 'system' : (preferences.data?.display.theme ?? rememberedTheme());

  useEffect(() => {
    if (preferences.data) remember(preferences.data.display.theme);
  }, [preferences.data]);

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

function rememberedTheme(): Theme {
  try {
    const stored = window.localStorage.getItem(THEME_KEY);
    return stored === 'light' || stored === 'dark' ? stored : 'system';
  } catch {
    return 'system';
  }
}

function remember(theme: Theme): void {
  try {
    window.localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Without storage a reload shows the system theme for a moment; nothing worse.
  }
}
