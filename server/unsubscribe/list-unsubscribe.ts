import type { UnsubscribeOptions } from '../../shared/api/unsubscribe';

/** An address a mailto: unsubscribe may go to: one plain addr-spec, nothing a header could smuggle. */
const PLAIN_ADDRESS = /^[^\s@<>(),;:"\\[\]]+@[a-z0-9.-]+\.[a-z0-9-]+$/i;

/**
 * The options of RFC 2369's List-Unsubscribe (`<uri>, <uri>`, whitespace inside
 * the brackets ignored) with RFC 8058's List-Unsubscribe-Post: one-click only
 * for an https address and exactly `List-Unsubscribe=One-Click`.
 */
export function unsubscribeOptions(listUnsubscribe: string | null | undefined, listUnsubscribePost: string | null | undefined): UnsubscribeOptions | null {
  if (!listUnsubscribe) return null;
  let mailto: string | null = null;
  let https: string | null = null;
  let http: string | null = null;
  for (const [, inside = ''] of listUnsubscribe.matchAll(/<([^>]*)>/g)) {
    let url: URL;
    try {
      url = new URL(inside.replace(/\s+/g, ''));
    } catch {
      continue;
    }
    if (url.protocol === 'mailto:' && !mailto && parseMailto(url.href)) mailto = url.href;
    else if (url.protocol === 'https:' && !https && !url.username && !url.password) https = url.href;
    else if (url.protocol === 'http:' && !http && !url.username && !url.password) http = url.href;
  }
  const web = https ?? http;
  if (!mailto && !web) return null;
  const oneClick = https !== null && /^\s*List-Unsubscribe=One-Click\s*$/i.test(listUnsubscribePost ?? '');
  return { oneClick, mailto, web };
}

export interface MailtoUnsubscribe {
  to: string;
  subject: string;
  body: string;
}

/** RFC 6068: the first address of the path, with the subject and body the list asks for (other headers are ignored). */
export function parseMailto(href: string): MailtoUnsubscribe | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'mailto:') return null;
  let to: string;
  try {
    to = decodeURIComponent(url.pathname.split(',')[0] ?? '').trim();
  } catch {
    return null;
  }
  if (!PLAIN_ADDRESS.test(to) || to.length > 254) return null;
  const subject = (url.searchParams.get('subject') ?? '').replace(/[\r\n]+/g, ' ').slice(0, 200);
  const body = (url.searchParams.get('body') ?? '').slice(0, 2000);
  return { to, subject: subject || 'unsubscribe', body: body || 'unsubscribe' };
}

/** A header's value from postal-mime's list (keys lower-case, values unfolded); the first if repeated. */
export function headerValue(headers: ReadonlyArray<{ key: string; value: string }> | undefined, name: string): string | null {
  return headers?.find((header) => header.key === name)?.value ?? null;
}
