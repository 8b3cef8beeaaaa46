import { currentLocale, i18n } from './i18n';

/**
 * The BFF and the shared zod schemas write their texts in English (the spec's
 * exact error texts); the client shows them in the user's language from the
 * "errors" catalog. A text built with values (`The folder "Receipts" does not
 * exist.`) is found by its template (`The folder "{{path}}" does not exist.`,
 * see templateKey in tests/unit/i18n-catalog.test.ts) and its values are put
 * into the translation. A text the catalog lacks is shown as the server wrote it.
 */
export function translateServerText(text: string): string {
  const language = i18n.language;
  if (!language || language === 'en') return text;
  return translated(text, language) ?? text;
}

/**
 * The text in the language, or null when the catalog lacks it. A value of a
 * template is translated too when the catalog has it: the server's phrases
 * put into a sentence ("create the contact", "50 messages per minute", marked
 * translatable() in server/ and shared/), a sentence quoted in another, or a
 * list of such phrases joined with "; " (shown as the language joins a list).
 * Anything else (a folder name, an address) stays as it is: a phrase with
 * values takes numbers only ("3.6 seconds", but not "Happy hour").
 */
function translated(text: string, language: string): string | null {
  if (i18n.exists(text, { ns: 'errors' })) return i18n.t(text, { ns: 'errors' });
  for (const template of templatesOf(language)) {
    const match = template.pattern.exec(text);
    if (!match) continue;
    const captured = template.names.map((_, index) => match[index + 1] ?? '');
    if (!template.sentence && !captured.every((value) => NUMBER.test(value))) continue;
    const values = Object.fromEntries(template.names.map((name, index) => [name, translatedValue(captured[index] ?? '', text, language)]));
    return i18n.t(template.key, { ns: 'errors', ...values });
  }
  return null;
}

function translatedValue(value: string, whole: string, language: string): string {
  // A template that is all placeholder would match its own value again.
  if (value.length >= whole.length) return value;
  const single = translated(value, language);
  if (single !== null) return single;
  const items = value.split(PART_SEPARATOR);
  if (items.length < 2) return value;
  const parts = items.map((item) => translated(item, language));
  if (parts.some((part) => part === null)) return value;
  return new Intl.ListFormat(currentLocale(), { type: 'conjunction' }).format(parts as string[]);
}

/** The per-field messages of a refused form (`details.fields`), translated like the message itself. */
export function translateServerDetails(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const fields = details?.fields;
  if (!details || typeof fields !== 'object' || fields === null) return details;
  return { ...details, fields: Object.fromEntries(Object.entries(fields).map(([field, text]) => [field, typeof text === 'string' ? translateServerText(text) : text])) };
}

interface Template {
  key: string;
  names: string[];
  pattern: RegExp;
  /** A whole sentence (a capital first or a full stop last), not a phrase put into one. */
  sentence: boolean;
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;
/** How the server joins a list of phrases in one value ("The new password needs: at least one numeral; at least one symbol."). */
const PART_SEPARATOR = '; ';
const NUMBER = /^\d+(?:\.\d+)?$/;
const templatesByLanguage = new Map<string, Template[]>();

/** The catalog's templates as patterns, built once per language (only when an error is shown). */
function templatesOf(language: string): Template[] {
  let templates = templatesByLanguage.get(language);
  if (!templates) {
    const keys = Object.keys((i18n.getResourceBundle(language, 'errors') ?? {}) as Record<string, string>).filter((key) => key.includes('{{'));
    templates = keys.map((key) => {
      const literal = key.split(PLACEHOLDER).filter((_, index) => index % 2 === 0).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      return { key, names: [...key.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''), pattern: new RegExp(`^${literal.join('(.+?)')}$`, 's'), sentence: /^[A-Z]|[.!?)]$/.test(key) };
    });
    templatesByLanguage.set(language, templates);
  }
  return templates;
}
