import PostalMime from 'postal-mime';
import { UNSUBSCRIBE_SENT_TEXT, UNSUBSCRIBE_UNVERIFIED_TEXT, type UnsubscribeResult } from '../../shared/api/unsubscribe';
import { buildMessage } from '../compose/mime-builder';
import type { Deps } from '../deps';
import { DomainError } from '../domain-error';
import type { Credentials } from '../mail/imap/imap-connection';
import { openFolder } from '../mail/imap/message-window';
import { PublicFetchError, type FetchRequest } from '../net/public-fetch';
import { headerValue, parseMailto, unsubscribeOptions } from './list-unsubscribe';
import { translatable } from '../../shared/translatable';

/** RFC 8058 §3.1: exactly this body, form-encoded, and nothing that identifies the user beyond the URL. */
export const ONE_CLICK_BODY = 'List-Unsubscribe=One-Click';

const ONE_CLICK_REQUEST: FetchRequest = {
  method: 'POST',
  body: { contentType: 'application/x-www-form-urlencoded', data: ONE_CLICK_BODY },
  accept: '*/*',
  protocols: ['https:'],
  // The list's answer is only looked at for its status.
  maxBytes: 64 * 1024,
  maxRedirects: 3,
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 10_000,
};

/**
 * "Unsubscribe" on a message: the options are read again from the message on
 * the server (the browser names only the message, never an address to post
 * to). One-click is POSTed by the BFF through the SSRF guard, and only when
 * the sender's DKIM signature covers the headers that ask for it; otherwise a
 * mailto: goes out through the user's own outbox like any mail they send, or,
 * with neither, the user is told and given the list's page to open themselves.
 */
export async function unsubscribe(
  deps: Pick<Deps, 'imap' | 'compose' | 'publicFetch' | 'unsubscribeSignatures'>,
  user: Credentials,
  folder: string,
  uid: number,
): Promise<UnsubscribeResult> {
  const source = await deps.imap.run(user, async ({ client }) => {
    const wasSelected = await openFolder(client, folder);
    // The whole message (unread flag untouched): DKIM signs the body too.
    const fetch = () => client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    let message = await fetch();
    // This connection's view may predate the message: NOOP brings it in (as message-detail.ts does).
    if (!message && wasSelected) {
      await client.noop();
      message = await fetch();
    }
    if (!message) throw new DomainError('not_found', 'That message is not there any more.');
    return message.source ?? Buffer.alloc(0);
  });
  const parsed = await PostalMime.parse(headerPart(source));
  const options = unsubscribeOptions(headerValue(parsed.headers, 'list-unsubscribe'), headerValue(parsed.headers, 'list-unsubscribe-post'));
  if (!options) throw new DomainError('not_found', 'This message does not say how to unsubscribe.');

  const verified = options.oneClick && (await deps.unsubscribeSignatures.covers(source));
  if (verified && options.web) return postOneClick(deps, options.web);
  const unverifiedNote = options.oneClick ? `${UNSUBSCRIBE_UNVERIFIED_TEXT} ` : '';
  const mailto = options.mailto ? parseMailto(options.mailto) : null;
  if (mailto) {
    const built = await buildMessage({
      from: { name: '', address: user.email },
      replyTo: null,
      to: [{ name: '', address: mailto.to }],
      cc: [],
      bcc: [],
      subject: mailto.subject,
      text: mailto.body,
      html: null,
      attachments: [],
      inReplyTo: null,
      references: [],
    });
    const entry = await deps.compose.outbox.enqueueGenerated(user, { built, subject: mailto.subject });
    if (entry.status === 'failed') {
      throw new DomainError('mail_server_refused', `The unsubscribe email to ${mailto.to} was refused: ${entry.error ?? translatable('no reason given')}.`);
    }
    const message =
      entry.status === 'sent' ? `${UNSUBSCRIBE_SENT_TEXT} An email went to ${mailto.to}.` : `The unsubscribe email to ${mailto.to} is in your outbox and goes out as soon as the mail server answers.`;
    return { method: 'mailto', message: `${unverifiedNote}${message}` };
  }
  if (options.oneClick && options.web) return { method: 'unverified', message: `${unverifiedNote}Open the list's page to unsubscribe there.`, web: options.web };
  throw new DomainError('bad_request', "This list unsubscribes only on its own website: open the link to do it there.");
}

async function postOneClick(deps: Pick<Deps, 'publicFetch'>, url: string): Promise<UnsubscribeResult> {
  const host = new URL(url).host;
  try {
    const answer = await deps.publicFetch.fetch(url, ONE_CLICK_REQUEST);
    if (answer.status >= 200 && answer.status < 300) return { method: 'one-click', message: UNSUBSCRIBE_SENT_TEXT };
    throw new DomainError('remote_failed', `The list's site (${host}) answered ${answer.status}: you may still be subscribed. Try again later.`, {
      status: answer.status,
    });
  } catch (error) {
    if (error instanceof PublicFetchError) {
      throw new DomainError('remote_failed', `Tern did not send the unsubscribe request to ${host}: ${error.message}`, { reason: error.reason });
    }
    throw error;
  }
}

/** The header section alone, for reading List-Unsubscribe without parsing the body. */
function headerPart(source: Buffer): Buffer {
  const end = source.indexOf('\r\n\r\n');
  return end === -1 ? Buffer.concat([source, Buffer.from('\r\n\r\n')]) : source.subarray(0, end + 4);
}
