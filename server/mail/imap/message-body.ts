import PostalMime from 'postal-mime';
import '../windows-1252-decoding';
import type { BodyExtent } from '../../../shared/api/messages';
import { BODY_PREVIEW_CHARS } from '../../../shared/limits';

type Parsed = Awaited<ReturnType<typeof PostalMime.parse>>;

export interface MessageBody {
  /** postal-mime's reading of the headers; null when it could not parse the message at all. */
  parsed: Parsed | null;
  html: string | null;
  text: string | null;
  /** The longer body's whole length when html or text were cut to a preview, else null. */
  fullBodyLength: number | null;
}

/**
 * Real mail nests a few levels (a forward of a forward); deeper than this is an
 * attack on the parser's time, and such a message is shown as its raw text.
 */
const MAX_MIME_NESTING = 128;

/** RFC 2045 §5.1: type "/" subtype, both tokens. Anything else is not a Content-Type (§5.2: read it as text/plain). */
export function isParsableMimeType(type: string): boolean {
  return /^[!#$%&'*+.^_`|~\w-]+\/[!#$%&'*+.^_`|~\w-]+$/.test(type);
}

/** A hard cut looks back this far for a line's end, so the preview does not stop mid-line. */
const LINE_END_LOOKBACK = 4096;

/**
 * The displayable bodies of a message: postal-mime's reading (charsets,
 * encodings, broken MIME), plus the fallbacks Thunderbird and Roundcube have
 * where it finds nothing to show, cut to a preview unless `extent` is full.
 */
export async function readMessageBody(source: Buffer, extent: BodyExtent): Promise<MessageBody> {
  const parsed = await parseLeniently(source);
  let html = parsed?.html ?? null;
  // A message postal-mime cannot parse is shown as its raw text rather than failing (SPEC §12).
  let text = parsed ? joinTexts(parsed.text, ...parsed.attachments.filter(isUntypedText).map((part) => decodeText(part.content))) : source.toString('utf8');
  if (parsed && !html && !text && parsed.attachments.length === 0 && !hasUsedBoundary(parsed, source)) text = rawBodyOf(source);

  if (extent === 'full') return { parsed, html, text, fullBodyLength: null };
  const fullBodyLength = Math.max(html?.length ?? 0, text?.length ?? 0);
  if (fullBodyLength <= BODY_PREVIEW_CHARS) return { parsed, html, text, fullBodyLength: null };
  if (html) html = cutHtml(html);
  if (text) text = cutText(text);
  return { parsed, html, text, fullBodyLength };
}

async function parseLeniently(source: Buffer): Promise<Parsed | null> {
  try {
    // Attachments are listed from BODYSTRUCTURE and streamed on demand; the few read here are untyped text.
    return await PostalMime.parse(source, { attachmentEncoding: 'arraybuffer', maxNestingDepth: MAX_MIME_NESTING });
  } catch {
    return null;
  }
}

/**
 * RFC 2045 §5.2: an entity whose Content-Type cannot be parsed (`text`,
 * `text / html`, `text/plain charset=…`) is text/plain. postal-mime keeps the
 * broken value as the type of an attachment; a named or attached file stays one.
 */
function isUntypedText(part: Parsed['attachments'][number]): boolean {
  return !isParsableMimeType(part.mimeType) && !part.filename && part.disposition !== 'attachment';
}

/** The charset went with the broken header: UTF-8 if the bytes are, else Windows-1252 (what mislabelled mail nearly always is). */
function decodeText(content: ArrayBuffer | Uint8Array | string): string {
  if (typeof content === 'string') return content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return new TextDecoder('windows-1252').decode(content);
  }
}

function joinTexts(...texts: Array<string | undefined>): string | null {
  const present = texts.filter((text): text is string => Boolean(text?.trim()));
  return present.length > 0 ? present.join('\n') : null;
}

/** A multipart whose delimiter is in the body: its parts were found, and they are empty. */
function hasUsedBoundary(parsed: Parsed, source: Buffer): boolean {
  const contentType = parsed.headers.find((header) => header.key === 'content-type')?.value ?? '';
  const boundary = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  const delimiter = boundary?.[1] ?? boundary?.[2];
  return delimiter !== undefined && source.includes(`--${delimiter}`);
}

/**
 * A multipart without a boundary, or whose boundary never appears, has no
 * parts for postal-mime to show; Thunderbird shows its body as text, and so do we.
 */
function rawBodyOf(source: Buffer): string | null {
  const text = source.toString('utf8');
  const headerEnd = /\r?\n\r?\n/.exec(text);
  const body = headerEnd ? text.slice(headerEnd.index + headerEnd[0].length) : '';
  return body.trim() ? body : null;
}

/** At the last line's end before the limit (a line longer than the lookback is cut where it must be), never inside a surrogate pair. */
function cutText(text: string): string {
  const lineEnd = text.lastIndexOf('\n', BODY_PREVIEW_CHARS);
  let end = lineEnd > BODY_PREVIEW_CHARS - LINE_END_LOOKBACK ? lineEnd : BODY_PREVIEW_CHARS;
  if (end > 0 && text[end - 1] === '\r') end--;
  if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/** Before the last tag that starts within the limit, so no tag is cut in half; the browser closes what stays open. */
function cutHtml(html: string): string {
  const tagStart = html.lastIndexOf('<', BODY_PREVIEW_CHARS - 1);
  let end = tagStart > 0 ? tagStart : BODY_PREVIEW_CHARS;
  if (isHighSurrogate(html.charCodeAt(end - 1))) end--;
  return html.slice(0, end);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
