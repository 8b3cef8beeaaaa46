import { normaliseAddress, type Recipient } from '../../../../shared/api/compose';
import type { Address, MessageDetail } from '../../../../shared/api/messages';
import type { Signature } from '../../../../shared/api/preferences';
import { currentLocale } from '../../../lib/i18n/i18n';
import { t } from '../i18n';

/** One chip of a recipient field; invalid ones stay visible (in red) until fixed or removed. */
export interface RecipientChip extends Recipient {
  valid: boolean;
}

export function chipOf(recipient: Address): RecipientChip {
  const address = normaliseAddress(recipient.address);
  return { name: recipient.name, address: address ?? recipient.address.trim(), valid: address !== null };
}

/**
 * What a user typed or pasted into a recipient field, split into addresses:
 * "Ada <ada@x.org>, bob@y.org; carol@z.org". Commas inside quoted names stay.
 */
export function parseRecipients(input: string): RecipientChip[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const char of input) {
    if (char === '"') quoted = !quoted;
    if (!quoted && (char === ',' || char === ';' || char === '\n')) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const angled = /^(.*)<([^<>]*)>$/.exec(part);
      if (!angled) return chipOf({ name: '', address: part });
      return chipOf({ name: angled[1]!.trim().replace(/^"|"$/g, ''), address: angled[2]! });
    });
}

const REPLY_PREFIX = /^\s*(re|aw|sv)(\[\d+\])?\s*:\s*/i;
const FORWARD_PREFIX = /^\s*(fwd?|wg)(\[\d+\])?\s*:\s*/i;

/**
 * "Re: x", never "Re: Re: x"; "Fwd: x", never "Fwd: Fwd: x". The prefixes stay
 * English in every language: every mail program recognises them (and threads by them).
 */
export function replySubject(subject: string, mode: 'reply' | 'replyAll' | 'forward'): string {
  const prefix = mode === 'forward' ? FORWARD_PREFIX : REPLY_PREFIX;
  let rest = subject;
  while (prefix.test(rest)) rest = rest.replace(prefix, '');
  return `${mode === 'forward' ? 'Fwd' : 'Re'}: ${rest.trim()}`;
}

/**
 * Who a reply goes to: Reply-To (else From) of the original; "Reply All" adds
 * its To and Cc. The user's own address never appears, nor does anyone twice.
 */
export function replyRecipients(original: MessageDetail, mode: 'reply' | 'replyAll', ownAddress: string): { to: Address[]; cc: Address[] } {
  const own = ownAddress.toLowerCase();
  const seen = new Set<string>([own]);
  const keep = (addresses: Address[]) =>
    addresses.filter((address) => {
      const key = address.address.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  const author = original.replyTo.length > 0 ? original.replyTo : original.from ? [original.from] : [];
  let to = keep(author);
  // Replying to one's own message answers its recipients; a note to oneself, oneself.
  if (to.length === 0) to = keep(original.to);
  if (to.length === 0) to = author.slice(0, 1);
  if (mode === 'reply') return { to, cc: [] };
  return { to: [...to, ...keep(original.to)], cc: keep(original.cc) };
}

/** The original as text: its plain part, else the text of its HTML (parsed inert, nothing runs or loads). */
export function originalText(original: MessageDetail): string {
  if (original.text !== null) return original.text;
  if (original.html === null) return '';
  const doc = new DOMParser().parseFromString(original.html, 'text/html');
  return doc.body.textContent ?? '';
}

function who(address: Address | null): string {
  if (!address) return t('someone');
  return address.name ? `${address.name} <${address.address}>` : address.address;
}

/**
 * The line above a quoted reply, in the user's language (as Gmail and
 * Thunderbird write it): it is the user's own text to the recipient.
 */
function attribution(original: MessageDetail): string {
  const date = new Date(original.date).toLocaleString(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  return t('On {{date}}, {{sender}} wrote:', { date, sender: who(original.from) });
}

/** Plain quoting: "> " before every line (RFC 3676 style). */
export function quotePlain(original: MessageDetail, mode: 'reply' | 'replyAll' | 'forward'): string {
  const text = originalText(original).replace(/\r\n/g, '\n').trimEnd();
  if (mode === 'forward') return `${forwardHeader(original)}\n\n${text}`;
  return `${attribution(original)}\n${text
    .split('\n')
    .map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`))
    .join('\n')}`;
}

/** The forwarded message's header block, in the user's language like the attribution line. */
function forwardHeader(original: MessageDetail): string {
  const date = new Date(original.date).toLocaleString(currentLocale(), {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return [
    t('---------- Forwarded message ----------'),
    t('From: {{sender}}', { sender: who(original.from) }),
    t('Date: {{date}}', { date }),
    t('Subject: {{subject}}', { subject: original.subject }),
    t('To: {{recipients}}', { recipients: original.to.map(who).join(', ') }),
  ].join('\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Paragraphs of escaped text: plain text as editor HTML. */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * Rich quoting: the original's text in a <blockquote>. The original's HTML is
 * not carried over as HTML: it comes from a stranger and the editor would
 * have to trust it; its text, escaped, is safe.
 */
export function quoteHtml(original: MessageDetail, mode: 'reply' | 'replyAll' | 'forward'): string {
  const text = originalText(original).replace(/\r\n/g, '\n').trim();
  if (mode === 'forward') return `${textToHtml(forwardHeader(original))}<blockquote>${textToHtml(text)}</blockquote>`;
  return `<p>${escapeHtml(attribution(original))}</p><blockquote>${textToHtml(text)}</blockquote>`;
}

/** The plain signature after the "-- " separator line (RFC 3676 §4.3); nothing when there is none. */
export function plainSignature(signature: Signature): string {
  return signature.text.trim() ? `-- \n${signature.text.trimEnd()}` : '';
}

export function htmlSignature(signature: Signature): string {
  if (signature.format === 'html' && signature.html.trim()) return `<p>-- </p>${signature.html}`;
  const plain = plainSignature(signature);
  return plain ? textToHtml(plain) : '';
}

/**
 * The text/plain alternative of the editor's HTML: paragraphs apart by a
 * blank line, lists with "- " or "1. ", quotes with "> " (as a plain reply
 * quotes). Reads the editor's own output, whose tags the schema fixes.
 */
export function htmlToPlain(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const blocks = (parent: Node): string[] => [...parent.childNodes].flatMap((node) => block(node));
  const block = (node: Node): string[] => {
    if (!(node instanceof HTMLElement)) return node.textContent?.trim() ? [node.textContent] : [];
    switch (node.tagName) {
      case 'BLOCKQUOTE':
        return [blocks(node).join('\n\n').split('\n').map((line) => (line.startsWith('>') ? `>${line}` : `> ${line}`)).join('\n')];
      case 'UL':
      case 'OL':
        return [[...node.children].map((item, index) => `${node.tagName === 'OL' ? `${index + 1}.` : '-'} ${blocks(item).join('\n')}`).join('\n')];
      case 'P':
      case 'H1':
      case 'H2':
      case 'H3':
      case 'PRE':
        return [inline(node)];
      default:
        return node.children.length > 0 ? blocks(node) : [inline(node)];
    }
  };
  const inline = (node: Node): string =>
    [...node.childNodes].map((child) => (child instanceof HTMLBRElement ? '\n' : child instanceof HTMLElement ? inline(child) : (child.textContent ?? ''))).join('');
  // The editor's empty first paragraph (where the user starts typing) is not a blank line to send.
  return blocks(doc.body).join('\n\n').replace(/^\n+/, '');
}
