import { i18n } from './i18n';

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
  if (i18n.exists(text, { ns: 'errors' })) return i18n.t(text, { ns: 'errors' });
  for (const template of templatesOf(language)) {
    const match = template.pattern.exec(text);
    if (!match) continue;
    const values = Object.fromEntries(template.names.map((name, index) => [name, match[index + 1] ?? '']));
    return i18n.t(template.key, { ns: 'errors', ...values });
  }
  return text;
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
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;
const templatesByLanguage = new Map<string, Template[]>();

/** The catalog's templates as patterns, built once per language (only when an error is shown). */
function templatesOf(language: string): Template[] {
  let templates = templatesByLanguage.get(language);
  if (!templates) {
    const keys = Object.keys((i18n.getResourceBundle(language, 'errors') ?? {}) as Record<string, string>).filter((key) => key.includes('{{'));
    templates = keys.map((key) => {
      const literal = key.split(PLACEHOLDER).filter((_, index) => index % 2 === 0).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      return { key, names: [...key.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''), pattern: new RegExp(`^${literal.join('(.+?)')}$`, 's') };
    });
    templatesByLanguage.set(language, templates);
  }
  return templates;
}
