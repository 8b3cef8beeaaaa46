import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode } from '../../shared/errors';

/** The one place a catalogue code becomes an HTTP status (issue 15: the domain's errors know no HTTP). */
const HTTP_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  bad_request: 400,
  // The mail server said no to what the user asked (a folder name, a move): trying again will not help.
  mail_server_refused: 400,
  unauthenticated: 401,
  bad_credentials: 401,
  csrf: 403,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405 as ContentfulStatusCode,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415 as ContentfulStatusCode,
  throttled: 429,
  send_limit: 429,
  internal: 500,
  not_available: 501,
  remote_failed: 502,
  mail_server_unavailable: 503,
  dav_unavailable: 503,
  store_unavailable: 503,
};

export function httpStatusOf(code: ErrorCode): ContentfulStatusCode {
  return HTTP_STATUS[code];
}
