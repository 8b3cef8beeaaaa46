import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../domain-error';

/**
 * A request line may carry the whole URL (absolute-form, RFC 9112 §3.2.2),
 * and with it a user name and password (`http://joy@host/dav/`), which http
 * URIs must not have (RFC 9110 §4.2.4). Refused here as bad input: anything
 * later that builds a WHATWG Request from such a URL (a body read, the /dav/
 * proxy) would throw and answer 500.
 */
export const refuseUserinfo: MiddlewareHandler = async (c, next) => {
  // Only a URL with an '@' can carry userinfo: the common request skips the parse.
  if (c.req.url.includes('@')) {
    const url = new URL(c.req.url);
    if (url.username !== '' || url.password !== '') {
      throw new DomainError('bad_request', 'The request address must not name a user or password; send them in the Authorization header.');
    }
  }
  await next();
};
