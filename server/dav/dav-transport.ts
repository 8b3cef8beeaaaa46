import { DomainError } from '../domain-error';
import { davUnavailable, type DavUser } from './dav-client';

/** What a DAV refusal is called in the user's words. */
export type DavServerName = 'contacts' | 'calendar';

/** Options every tsdav call of the BFF carries: the user's headers and the time limit. */
export interface TsdavOptions {
  headers: Record<string, string>;
  fetchOptions: RequestInit;
}

/** Text and attribute content in the XML bodies Tern writes (MKCOL, PROPPATCH). */
export const xmlEscape = (value: string) => value.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The one way contacts and calendar speak to the DAV server as a user: every
 * request carries the user's headers and a time limit (a DAV server that hangs
 * gives "cannot be reached" instead of a page or autocomplete that never
 * answers), writes carry If-Match / If-None-Match, and refusals become the
 * catalogue's errors the same way for both.
 */
export class DavTransport {
  constructor(
    readonly user: DavUser,
    private readonly timeoutMs: number,
    private readonly server: DavServerName,
    /** The domain's "changed elsewhere" error, for a write whose ETag no longer matches (412). */
    private readonly conflict: () => DomainError,
  ) {}

  /** Fresh per call: each request gets its own time limit. */
  options(): TsdavOptions {
    return { headers: this.user.headers, fetchOptions: { signal: AbortSignal.timeout(this.timeoutMs) } };
  }

  /** A tsdav call: anything it throws (network, time-out, unparsable answer) means the server cannot be used now. */
  async run<T>(call: (options: TsdavOptions) => Promise<T>): Promise<T> {
    try {
      return await call(this.options());
    } catch (err) {
      throw davUnavailable(err);
    }
  }

  async request(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        headers: { ...this.user.headers, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw davUnavailable(err);
    }
  }

  /** MKCOL (RFC 5689) with these resource types and properties; one that exists already (405: two first uses at once) is fine. */
  async makeCollection(url: string, namespaces: string, props: string, what: string): Promise<void> {
    const body = `<?xml version="1.0" encoding="utf-8"?><D:mkcol xmlns:D="DAV:" ${namespaces}><D:set><D:prop>${props}</D:prop></D:set></D:mkcol>`;
    const response = await this.request(url, { method: 'MKCOL', headers: { 'content-type': 'application/xml; charset=utf-8' }, body });
    if (!response.ok && response.status !== 405) throw this.refused(response, what);
  }

  async setProperties(url: string, namespaces: string, props: string, what: string): Promise<void> {
    const body = `<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" ${namespaces}><D:set><D:prop>${props}</D:prop></D:set></D:propertyupdate>`;
    const response = await this.request(url, { method: 'PROPPATCH', headers: { 'content-type': 'application/xml; charset=utf-8' }, body });
    if (!response.ok) throw this.refused(response, what);
  }

  /**
   * Creates (etag null: only if nothing is there) or replaces (only the
   * version with that ETag) a resource. Answers the server's response when it
   * is not a 412, for the caller's own statuses; 412 is the domain's conflict.
   */
  async put(url: string, contentType: string, text: string, etag: string | null): Promise<Response> {
    const response = await this.request(url, {
      method: 'PUT',
      headers: { 'content-type': `${contentType}; charset=utf-8`, ...(etag ? { 'if-match': etag } : { 'if-none-match': '*' }) },
      body: text,
    });
    if (response.status === 412) throw this.conflict();
    return response;
  }

  /** Deletes a resource (only that version, with an ETag); one that is gone already is fine. */
  async delete(url: string, etag: string | null, what: string): Promise<void> {
    const response = await this.request(url, { method: 'DELETE', headers: etag ? { 'if-match': etag } : {} });
    if (response.status === 412) throw this.conflict();
    if (!response.ok && response.status !== 404) throw this.refused(response, what);
  }

  /**
   * A refusal in the catalogue's words: the server's trouble (5xx), a request
   * it would not take, or anything else it would not do. `what` is a
   * translatable() phrase ("create the contact"), shown in the user's language.
   */
  refused(response: Pick<Response, 'status'>, what: string): DomainError {
    if (response.status >= 500) return davUnavailable();
    const { status } = response;
    // The server's name is in the sentence, not a value: "contacts" alone could be a folder's name in another text.
    const contacts = this.server === 'contacts';
    if (status === 400 || status === 403 || status === 415) {
      return new DomainError('bad_request', contacts ? `The contacts server did not accept this (${what}: ${status}).` : `The calendar server did not accept this (${what}: ${status}).`);
    }
    return new DomainError('dav_unavailable', contacts ? `The contacts server did not let Tern ${what} (${status}).` : `The calendar server did not let Tern ${what} (${status}).`);
  }
}
