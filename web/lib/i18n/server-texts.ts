import { i18n } from './i18n';

/**
 * The BFF and the shared zod schemas write their texts in English (the spec's
 * exact error texts); the client shows them in the user's language from the
 * "errors" catalog. A text the catalog lacks (one built with a value in it,
 * e.g. a line number) is shown as the server wrote it.
 */
export function translateServerText(text: string): string {
  return i18n.t(text, { ns: 'errors', defaultValue: text });
}

/** The per-field messages of a refused form (`details.fields`), translated like the message itself. */
export function translateServerDetails(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const fields = details?.fields;
  if (!details || typeof fields !== 'object' || fields === null) return details;
  return { ...details, fields: Object.fromEntries(Object.entries(fields).map(([field, text]) => [field, typeof text === 'string' ? translateServerText(text) : text])) };
}
