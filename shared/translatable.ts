/**
 * Marks a text for people that the server writes outside a `new DomainError`
 * (an outbox row's failure), or a phrase it puts into a sentence as a value
 * (`The contacts server did not let Tern ${what} (403).` with "create the
 * contact"): the client shows it, or the value inside a sentence, from the
 * "errors" catalog (web/lib/i18n/server-texts.ts), and
 * tests/unit/i18n-catalog.test.ts requires it in every language. Only for
 * Tern's own words, never for what a user typed.
 */
export function translatable<const Text extends string>(text: Text): Text {
  return text;
}
