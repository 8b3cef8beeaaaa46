import { promises as dns } from 'node:dns';
import type { DKIMResult, DNSResolver } from 'mailauth';
import { dkimVerify } from 'mailauth/lib/dkim/verify';

/** A DKIM key lookup that takes longer than this counts as no answer: the user is waiting on "Unsubscribe". */
export const DKIM_DNS_TIMEOUT_MS = 3_000;

const COVERED_HEADERS = ['list-unsubscribe', 'list-unsubscribe-post'] as const;

/** mailauth 4 reports the signature's h= names (colon-separated) but its typings leave them out. */
interface SignedHeaderNames {
  signingHeaders?: { keys?: string };
}

/**
 * RFC 8058 §4: a one-click POST is only made for a message whose
 * List-Unsubscribe and List-Unsubscribe-Post are covered by a valid DKIM
 * signature (both named in its h= tag). Otherwise anyone able to put headers
 * on a message could make Tern POST to an address of their choosing.
 *
 * Checked when the user asks to unsubscribe, not when the message is opened:
 * the key lookup goes to the signer's DNS (a per-recipient selector would turn
 * it into an open-tracker), and it costs a DNS round trip and the whole
 * message for every list message read, while few are ever unsubscribed from.
 */
export class UnsubscribeSignatureCheck {
  constructor(private readonly resolver: DNSResolver) {}

  async covers(message: Buffer): Promise<boolean> {
    // h= names a header once and DKIM signs its last copy, while Tern reads the first:
    // with a second copy added on top, the signed one would not be the one used.
    const header = headerBlock(message);
    if (COVERED_HEADERS.some((name) => occurrences(header, name) !== 1)) return false;
    const verified = await dkimVerify(message, { resolver: this.resolver });
    return verified.results.some((result: DKIMResult & SignedHeaderNames) => {
      if (result.status.result !== 'pass') return false;
      const signed = (result.signingHeaders?.keys ?? '').split(':').map((name) => name.trim().toLowerCase());
      return COVERED_HEADERS.every((name) => signed.includes(name));
    });
  }
}

/** Production DNS for DKIM keys: TXT records only, through the system resolver, with a time limit. */
export function timedTxtResolver(timeoutMs = DKIM_DNS_TIMEOUT_MS, lookup: (name: string) => Promise<string[][]> = (name) => dns.resolveTxt(name)): DNSResolver {
  return async (name, rrtype) => {
    if (rrtype !== 'TXT') throw Object.assign(new Error(`DKIM asked for ${rrtype} records`), { code: 'ENOTIMP' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      // mailauth reports ETIMEOUT as a temporary error: the signature is then not counted as valid.
      timer = setTimeout(() => reject(Object.assign(new Error(`No DNS answer for ${name} in ${timeoutMs} ms`), { code: 'ETIMEOUT' })), timeoutMs);
    });
    try {
      return await Promise.race([lookup(name), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}

function headerBlock(message: Buffer): string {
  const text = message.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}

function occurrences(header: string, name: string): number {
  return header.match(new RegExp(`^${name}[ \\t]*:`, 'gim'))?.length ?? 0;
}
