const MAX_FILENAME_CHARACTERS = 100;
/** An extension kept whole when a long name is cut: ".pdf", ".docx", ".tar.gz"'s ".gz". */
const EXTENSION = /\.[\p{L}\p{N}]{1,10}$/u;

/**
 * A sender's text made a file name no file system, header or download bar
 * misreads: control, format (bidi overrides and marks, which would draw
 * "invoice\u202Efdp.exe" as "invoiceexe.pdf") and line-separator characters
 * become spaces, path and reserved characters `_` (none at the end: "Lunch on
 * Friday?" is "Lunch on Friday"), no leading or trailing dots,
 * at most 100 characters with the extension kept. '' when nothing is left.
 * content-disposition then writes it per RFC 6266.
 */
export function safeFilename(text: string | undefined): string {
  const cleaned = (text ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s._]+$/g, '');
  const characters = [...cleaned];
  if (characters.length <= MAX_FILENAME_CHARACTERS) return cleaned;
  const extension = EXTENSION.exec(cleaned)?.[0] ?? '';
  const stem = characters.slice(0, MAX_FILENAME_CHARACTERS - [...extension].length).join('').trimEnd();
  return stem + extension;
}
