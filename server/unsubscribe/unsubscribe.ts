import PostalMime from 'postal-mime';
import { UNSUBSCRIBE_SENT_TEXT, type UnsubscribeResult } from '../../shared/api/unsubscribe';
import { buildMessage } from '../compose/mime-builder';
import type { Deps } from '../deps';
import { DomainError } from '../domain-error';
import type { Credentials } from '../mail/imap/imap-connection';
import { openFolder } from '../mail/imap/message-window';
import { PublicFetchError, type FetchRequest } from '../net/public-fetch';
import { headerValue, parseMailto, unsubscribeOptions } from './list-unsubscribe';

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
 * to). One-click is POSTed by the BFF through the SSRF guard; otherwise a
 * mailto: goes out through the user's own outbox like any mail they send.
 */
export async function unsubscribe(deps: Pick<Deps, 'imap' | 'compose' | 'publicFetch'>, user: Credentials, folder: string, uid: number): Promise<UnsubscribeResult> {
  const headers = await deps.imap.run(user, async ({ client }) => {
    const wasSelected = await openFolder(client, folder);
    const fetch = () => client.fetchOne(String(uid), { uid: true, headers: ['list-unsubscribe', 'list-unsubscribe-post'] }, { uid: true });
    let message = await fetch();
    // This connection's view may predate the message: NOOP brings it in (as message-detail.ts does).
    if (!message && wasSelected) {
      await client.noop();
      message = await fetch();
    }
    if (!message) throw new DomainError('not_found', 'That message is not there any more.');
    return message.headers ?? Buffer.alloc(0);
  });
  const parsed = await PostalMime.parse(Buffer.concat([headers, Buffer.from('\r\n')]));
  const options = unsubscribeOptions(headerValue(parsed.headers, 'list-unsubscribe'), headerValue(parsed.headers, 'list-unsubscribe-post'));
  if (!options) throw new DomainError('not_found', 'This message does not say how to unsubscribe.');

  if (options.oneClick && options.web) return postOneClick(deps, options.web);
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
      throw new DomainError('mail_server_refused', `The unsubscribe email to ${mailto.to} was refused: ${entry.error ?? 'no reason given'}.`);
    }
    const message =
      entry.status === 'sent' ? `${UNSUBSCRIBE_SENT_TEXT} An email went to ${mailto.to}.` : `The unsubscribe email to ${mailto.to} is in your outbox and goes out as soon as the mail server answers.`;
    return { method: 'mailto', message };
  }
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
