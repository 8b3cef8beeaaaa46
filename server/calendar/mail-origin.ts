import PostalMime, { addressParser } from 'postal-mime';

/**
 * Who demonstrably sent a message. Any header in a message can be written by
 * its sender; only what our own receiving server adds on top can be trusted:
 * its Received line for the SMTP hop that brought the mail in (Postfix names
 * the SASL login there, `smtpd_sasl_authenticated_header`), and the
 * Authentication-Results its milters insert above that line under its own
 * authserv-id (RFC 8601). Everything below that Received line came with the
 * message and proves nothing.
 */

/** How our own receiving server names itself: the host in its Received lines ("by …"), the authserv-id of its Authentication-Results. */
export interface ReceivingServer {
  hostNames: string[];
  authservIds: string[];
}

/**
 * Postfix's Received line, matched from its end so that a HELO name (which
 * the client chooses, spaces and all) cannot supply the clauses: the comment
 * right before "by", the host, the protocol (RFC 3848: a final A means SMTP
 * AUTH) and id, an optional "for <…>", then the date after the last ";".
 */
const RECEIVED_TAIL = /(?:\(Authenticated sender:\s*([^\s()]+)\)\s+)?by\s+([^\s();]+)(?:\s+\([^();]*\))?\s+with\s+([A-Za-z0-9]+)\s+id\s+[^\s;]+(?:\s+for\s+<[^<>;\s]*>)?\s*;[^;]*$/i;

interface OurReceipt {
  /** The SASL login that submitted the message, when it was submitted with SMTP AUTH. */
  login: string | null;
  /** Headers our server wrote above its Received line (Authentication-Results among them). */
  above: Array<{ key: string; value: string }>;
}

/** The topmost Received line that our server wrote for an SMTP hop (LMTP delivery lines above it are skipped). */
function ourReceipt(headers: Array<{ key: string; value: string }>, server: ReceivingServer): OurReceipt | null {
  const ours = new Set(server.hostNames.map((name) => name.toLowerCase()));
  for (const [index, header] of headers.entries()) {
    if (header.key !== 'received') continue;
    const match = RECEIVED_TAIL.exec(header.value);
    if (!match || !ours.has(match[2]!.toLowerCase())) continue;
    const protocol = match[3]!.toUpperCase();
    if (protocol.includes('LMTP')) continue;
    const authenticated = /^(E?SMTP|UTF8E?SMTP)S?A$/.test(protocol);
    return { login: authenticated && match[1] ? match[1].toLowerCase() : null, above: headers.slice(0, index) };
  }
  return null;
}

function withoutComments(value: string): string {
  let text = value;
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(/\([^()]*\)/g, ' ');
  }
  return text;
}

/** Domains with a DKIM pass (header.d) or an SPF pass (smtp.mailfrom) in one Authentication-Results value of ours. */
function passedDomains(value: string, authservIds: Set<string>): string[] {
  const [authserv, ...results] = withoutComments(value).split(';');
  if (!authservIds.has(authserv!.trim().split(/\s+/)[0]!.toLowerCase())) return [];
  const domains: string[] = [];
  for (const result of results) {
    const method = /^\s*(dkim|spf)\s*=\s*(\w+)/i.exec(result);
    if (!method || method[2]!.toLowerCase() !== 'pass') continue;
    const property = method[1]!.toLowerCase() === 'dkim' ? /\bheader\.d\s*=\s*"?([^\s";]+)/i.exec(result) : /\bsmtp\.mailfrom\s*=\s*"?([^\s";]+)/i.exec(result);
    const domain = property?.[1]?.toLowerCase().split('@').pop();
    if (domain) domains.push(domain);
  }
  return domains;
}

/** The address of a From or Sender header that appears once and names one mailbox; else null. */
function singleAddress(headers: Array<{ key: string; value: string }>, key: string): string | null {
  const lines = headers.filter((header) => header.key === key);
  if (lines.length !== 1) return null;
  const addresses = addressParser(lines[0]!.value);
  const only = addresses.length === 1 ? addresses[0] : undefined;
  return only && 'address' in only && only.address ? only.address.toLowerCase() : null;
}

/**
 * The From and Sender addresses that our server vouches for: submitted by
 * that very login through our submission service, or with a DKIM or SPF pass
 * for the address's domain recorded by our server. Lower-cased.
 */
export async function vouchedSenders(headerBlock: string, server: ReceivingServer): Promise<string[]> {
  const { headers } = await PostalMime.parse(`${headerBlock.trimEnd()}\r\n\r\n`);
  const receipt = ourReceipt(headers, server);
  if (!receipt) return [];
  const authservIds = new Set(server.authservIds.map((id) => id.toLowerCase()));
  const passed = new Set(receipt.above.filter((header) => header.key === 'authentication-results').flatMap((header) => passedDomains(header.value, authservIds)));
  const candidates = [singleAddress(headers, 'from'), singleAddress(headers, 'sender')].filter((address): address is string => address !== null);
  return candidates.filter((address) => address === receipt.login || passed.has(address.split('@').pop()!));
}
