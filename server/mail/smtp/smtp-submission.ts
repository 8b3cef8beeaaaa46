import nodemailer from 'nodemailer';
import type { Config } from '../../config';
import { ERROR_TEXTS } from '../../../shared/errors';
import { AppError } from '../../http/app-error';
import type { Credentials } from '../imap/imap-connection';

/** Sends a built message by SMTP submission, authenticated as the user (SPEC §6). */
export interface SmtpSubmission {
  send(credentials: Credentials, envelope: { from: string; to: string[] }, raw: Buffer): Promise<void>;
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
      if (!options) throw new AppError(503, 'mail_server_unavailable', 'Sending is not set up on this server (no SMTP host).');
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
      try {
        await transport.sendMail({ envelope, raw });
      } catch (err) {
        throw toSendError(err);
      } finally {
        transport.close();
      }
    },
  };
}

/** The server's own reason reaches the user (SPEC §6: "the user reads the server's reason"). */
export function toSendError(err: unknown): AppError {
  const e = (err instanceof Error ? err : new Error(String(err))) as SmtpLikeError;
  if (e.code === 'EAUTH') return new AppError(401, 'bad_credentials', 'The mail server did not accept your password for sending.');
  if (CONNECTION_CODES.has(e.code ?? '')) return new AppError(503, 'mail_server_unavailable', ERROR_TEXTS.mailServerUnavailable);
  if (e.responseCode === 552) return new AppError(413, 'too_large', `The mail server refused the message: ${e.response ?? e.message}`);
  if (e.responseCode && e.responseCode >= 400) {
    return new AppError(400, 'mail_server_refused', `The mail server refused the message: ${e.response ?? e.message}`);
  }
  return new AppError(503, 'mail_server_unavailable', ERROR_TEXTS.mailServerUnavailable);
}
