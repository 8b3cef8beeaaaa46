import { CSRF_HEADER, type SessionInfo } from '../../shared/api/session';

/**
 * Talks to a BFF the way the SPA does: one cookie jar, the CSRF token echoed
 * on state-changing requests, the Origin a browser would send.
 */
export class ApiClient {
  cookie: string | null = null;
  csrfToken: string | null = null;

  /** `headers` go with every request: the load bench gives each simulated user its own X-Forwarded-For. */
  constructor(
    public baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  async signIn(email: string, password: string): Promise<Response> {
    const response = await this.request('POST', '/api/session', { email, password });
    if (response.ok) this.csrfToken = ((await response.clone().json()) as SessionInfo).csrfToken;
    return response;
  }

  async request(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(this.baseUrl + pathAndQuery, {
      method,
      redirect: 'manual',
      headers: {
        origin: this.baseUrl,
        ...this.headers,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrfToken && method !== 'GET' && { [CSRF_HEADER]: this.csrfToken }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    return response;
  }

  async json<T>(method: string, pathAndQuery: string, body?: unknown): Promise<T> {
    const response = await this.request(method, pathAndQuery, body);
    if (!response.ok) throw new Error(`${method} ${pathAndQuery} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }
}
