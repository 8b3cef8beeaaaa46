import { Readable } from 'node:stream';
import nodemailer from 'nodemailer';
import type { Config } from '../../config';
import { ERROR_TEXTS } from '../../../shared/errors';
import { DomainError } from '../../domain-error';
import type { Credentials } from '../imap/imap-connection';

/**
 * How a failed submission ended: 'temporary' (no connection, a timeout before
 * the message was handed over, a 4xx answer) may be tried again; 'permanent'
 * (5xx, a refused password) may not; 'uncertain' (the connection broke after
 * the whole message was handed over, before the server answered) may have
 * been delivered, so it must never be sent again by itself.
 */
export type SendOutcome = 'temporary' | 'permanent' | 'uncertain';

export class SmtpSendError extends DomainError {
  constructor(
    readonly outcome: SendOutcome,
    failure: DomainError,
  ) {
    super(failure.code, failure.message, failure.details);
  }
}

/** Sends a built message by SMTP submission, authenticated as the user (SPEC §6). */
export interface SmtpSubmission {
  /**
   * Resolves with the server's answer to the message (Postfix: "250 2.0.0 Ok: queued as …") and the
   * recipients it refused while taking the message for the others; throws SmtpSendError.
   */
  send(credentials: Credentials, envelope: { from: string; to: string[] }, raw: Buffer): Promise<SubmissionResult>;
}

export interface SubmissionResult {
  response: string;
  /** "address: the server's reply" for each recipient refused at RCPT TO; these got nothing, and no bounce tells of it. */
  refused: string[];
}

/** What nodemailer attaches to its errors. */
interface SmtpLikeError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET', 'EDNS', 'ETLS', 'EGREETING']);

export function createSmtpSubmission(options: Config['smtp']): SmtpSubmission {
  return {
    async send(credentials, envelope, raw) {
      if (!options) throw new SmtpSendError('permanent', new DomainError('mail_server_unavailable', 'Sending is not set up on this server (no SMTP host).'));
      // One connection per message: submissions are rare next to reads, and a pool would hold every user's password.
      const transport = nodemailer.createTransport({
        host: options.host,
        port: options.port,
        secure: options.security === 'tls',
        requireTLS: options.security === 'starttls',
        ignoreTLS: options.security === 'none',
        auth: { user: credentials.email, pass: credentials.password },
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 60_000,
        disableFileAccess: true,
        disableUrlAccess: true,
      });
      // A stream, not the buffer: its end tells that the whole message went to the server.
      let handedOver = false;
      const body = Readable.from([raw]).on('end', () => (handedOver = true));
      try {
        const info = await transport.sendMail({ envelope, raw: body });
        return { response: String(info.response ?? ''), refused: refusedRecipients(info.rejected, info.rejectedErrors) };
      } catch (err) {
        throw toSendError(err, handedOver);
      } finally {
        transport.close();
      }
    },
  };
}

function refusedRecipients(rejected: Array<string | { address: string }> | undefined, errors: SmtpLikeError[] | undefined): string[] {
  return (rejected ?? []).map((recipient) => {
    const address = typeof recipient === 'string' ? recipient : recipient.address;
    const reason = errors?.find((error) => (error as SmtpLikeError & { recipient?: string }).recipient === address)?.response;
    return reason ? `${address}: ${reason}` : address;
  });
}

/** The server's own reason reaches the user (SPEC §6: "the user reads the server's reason"). */
export function toSendError(err: unknown, handedOver = false): SmtpSendError {
  const e = (err instanceof Error ? err : new Error(String(err))) as SmtpLikeError;
  const code = e.responseCode ?? 0;
  if (code >= 400 && code < 500) {
    return new SmtpSendError('temporary', new DomainError('mail_server_unavailable', `The mail server cannot take the message right now: ${e.response ?? e.message}`));
  }
  if (e.code === 'EAUTH') return new SmtpSendError('permanent', new DomainError('bad_credentials', 'The mail server did not accept your password for sending.'));
  if (code === 552) return new SmtpSendError('permanent', new DomainError('too_large', `The mail server refused the message: ${e.response ?? e.message}`));
  if (code >= 500) return new SmtpSendError('permanent', new DomainError('mail_server_refused', `The mail server refused the message: ${e.response ?? e.message}`));
  const unavailable = new DomainError('mail_server_unavailable', ERROR_TEXTS.mailServerUnavailable);
  // No answer after the whole message went out: the server may have taken it.
  if (handedOver) return new SmtpSendError('uncertain', unavailable);
  // Anything else (nodemailer refusing the envelope itself) would fail the same way again.
  return new SmtpSendError(CONNECTION_CODES.has(e.code ?? '') ? 'temporary' : 'permanent', unavailable);
}
