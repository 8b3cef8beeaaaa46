import { z } from 'zod';

// A stranger's text may carry bidirectional formatting characters (UAX #9) that
// reorder what follows them: "invoice\u202Efdp.exe" is drawn as "invoiceexe.pdf",
// a display name can draw an address that is not the sender's. Tern shows such
// text in its logical order (the BFF makes file names safe on its side): the UI
// already gives each text its own direction (`unicode-bidi: plaintext`), which
// right-to-left text needs, and nothing more.
// Written here, not taken from a library: a character class is all it takes.

/** Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): never needed to show text in its own direction. */
const EXPLICIT_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** …and the marks (LRM, RLM, ALM), which can reorder whole words around them ("exe\u200F.\u200Fpdf"). */
const ALL_CONTROLS = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g;

/** A subject, a name, an event's title: without the controls that reorder text, with the marks that right-to-left text keeps. */
export function withoutBidiOverrides(text: string): string {
  return text.replace(EXPLICIT_CONTROLS, '');
}

/** A raw view (the message source): every control shown as its code point, where it stands. */
export function revealBidiControls(text: string): string {
  return text.replace(ALL_CONTROLS, (control) => `<U+${control.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** A text a message's sender wrote, as the client shows it. */
export const senderTextSchema = z.string().transform(withoutBidiOverrides);
