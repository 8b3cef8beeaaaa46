import i18next, { type TOptions } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';

/**
 * Every UI string goes through i18next (issue 18). Why i18next over Lingui:
 * it needs no compile step (Lingui's macros need a Babel pass over every file,
 * and our Vite 8 / plugin-react 6 toolchain has none), the English text itself
 * is the key (so the spec's exact labels stay readable, and exact, in the code),
 * and catalogs are plain JSON per feature that load only for the chosen language.
 *
 * Conventions, checked by tests/unit/i18n-catalog.test.ts:
 * - a feature's strings are in the namespace named after its folder
 *   (web/features/mail → "mail"); web/app, web/components, web/lib → "app";
 * - the key is the English text; `{{name}}` interpolates; a count-dependent
 *   string passes `count` and has `_one`/`_other`… forms in every catalog,
 *   English included (the only entries an English catalog holds);
 * - a string built before render (a module-level list of labels) is marked with
 *   `msg('…')` and translated with `t(label)` where it is shown.
 */

export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'ar', name: 'العربية' },
] as const;
export type LanguageCode = (typeof LANGUAGES)[number]['code'];

/** "errors" holds the texts the BFF and the shared schemas write (shown through ApiError and form checks), see server-texts.ts. */
export const NAMESPACES = ['app', 'mail', 'compose', 'contacts', 'calendar', 'settings', 'session', 'offline', 'errors'] as const;
export type Namespace = (typeof NAMESPACES)[number];

type Catalog = Record<string, string>;
// English ships with the app (it holds only the plural forms); the others are fetched when chosen.
const englishCatalogs = import.meta.glob<Catalog>('../../locales/en/*.json', { eager: true, import: 'default' });
// Keyed by "./<namespace>.json" (see web/locales/<language>/index.ts).
const otherLanguages = import.meta.glob<Record<string, Catalog>>(['../../locales/*/index.ts', '!../../locales/en/**'], { import: 'default' });

const LANGUAGE_KEY = 'tern:language';

export const i18n = i18next.createInstance();

function catalogPath(language: string, namespace: string): string {
  return `../../locales/${language}/${namespace}.json`;
}

function isLanguage(code: string | null | undefined): code is LanguageCode {
  return LANGUAGES.some((language) => language.code === code);
}

/** The browser's first language we speak ("de-AT" → "de"), else English. */
export function browserLanguage(): LanguageCode {
  const wanted = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  for (const tag of wanted) {
    const base = tag?.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** The language of the last signed-in user on this browser, so a reload does not flash English first; else the browser's. */
export function startLanguage(): LanguageCode {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // No storage: the browser's language.
  }
  return browserLanguage();
}

async function loadCatalogs(language: LanguageCode): Promise<void> {
  if (language === 'en' || i18n.hasResourceBundle(language, 'app')) return;
  const load = otherLanguages[`../../locales/${language}/index.ts`];
  const catalogs = load ? await load() : {};
  for (const namespace of NAMESPACES) i18n.addResourceBundle(language, namespace, catalogs[`./${namespace}.json`] ?? {});
}

const ready = i18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: 'en',
  ns: [...NAMESPACES],
  defaultNS: 'app',
  resources: Object.fromEntries([['en', Object.fromEntries(NAMESPACES.map((namespace) => [namespace, englishCatalogs[catalogPath('en', namespace)] ?? {}]))]]),
  // The English text is the key: "." and ":" are ordinary characters in it.
  keySeparator: false,
  nsSeparator: false,
  // React escapes what it renders; the catalogs are ours.
  interpolation: { escapeValue: false },
  returnNull: false,
  react: { useSuspense: false },
  // English is in the bundle: ready before the first render, so no key ever shows raw.
  initAsync: false,
});

/**
 * Switches the whole UI: fetches the language's catalogs (first), then sets
 * <html lang dir> so the layout mirrors for right-to-left, and remembers the
 * choice for the next start. "browser" follows the browser's languages.
 */
export async function applyLanguage(choice: LanguageCode | 'browser'): Promise<void> {
  const language = choice === 'browser' ? browserLanguage() : choice;
  await ready;
  await loadCatalogs(language);
  if (i18n.language !== language) await i18n.changeLanguage(language);
  document.documentElement.lang = language;
  document.documentElement.dir = i18n.dir(language);
  try {
    if (choice === 'browser') window.localStorage.removeItem(LANGUAGE_KEY);
    else window.localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Without storage the next start follows the browser until the preferences arrive.
  }
}

/**
 * The BCP 47 tag for Intl formatters: the browser's own variant when it speaks
 * the active language ("en-GB" dates day-first, "de-CH" numbers), else the language.
 */
export function currentLocale(): string {
  const language = i18n.language || 'en';
  const wanted = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return wanted.find((tag) => tag?.toLowerCase().split('-')[0] === language) ?? language;
}

/** Marks a string for the catalog where it is defined before render; translate it with `t(label)` where it is shown. */
export function msg<const Key extends string>(key: Key): Key {
  return key;
}

type Translate = (key: string, options?: TOptions) => string;

/**
 * A feature's translation functions: `useT()` in components (re-renders when
 * the language changes), `t` in commands and stores (reads the language at call time).
 */
export function namespace(ns: Namespace): { useT: () => Translate; t: Translate } {
  const fixed = i18n.getFixedT(null, ns);
  return {
    useT() {
      const { t } = useTranslation(ns);
      return t as Translate;
    },
    t: (key, options) => fixed(key, options as TOptions) as string,
  };
}
