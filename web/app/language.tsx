import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { applyLanguage } from '../lib/i18n/i18n';
import { preferencesQueryOptions } from '../lib/preferences-query';
import { useSession } from '../lib/session-query';

/** Applies the signed-in user's language (Settings → "Display"); signed out, the language the page started with stays. */
export function LanguageApplier() {
  const session = useSession();
  const preferences = useQuery({ ...preferencesQueryOptions(), enabled: Boolean(session.data) });
  const language = session.data ? preferences.data?.display.language : undefined;

  useEffect(() => {
    if (language) void applyLanguage(language).catch(() => undefined);
  }, [language]);

  return null;
}
