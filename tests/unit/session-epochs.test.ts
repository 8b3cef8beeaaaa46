import { afterEach, describe, expect, it, vi } from 'vitest';
import { request, sessionEndReasonOf, setCsrfToken } from '../../web/lib/api-client';

function sessionEnded(): Response {
  return new Response(JSON.stringify({ code: 'unauthenticated', message: 'Sign in first.' }), { status: 401, headers: { 'Content-Type': 'application/json' } });
}

describe('a 401 and the session it belongs to', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(null);
  });

  it('ends the session it was sent in', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => sessionEnded()));
    setCsrfToken('current');
    expect(sessionEndReasonOf(await request('/api/folders').catch((error: unknown) => error))).toBe('ended');
  });

  it('says nothing of a session signed in after it was sent (a late answer from before a sign-out)', async () => {
    let answer: (response: Response) => void = () => undefined;
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))));
    setCsrfToken('before');
    const late = request('/api/folders').catch((error: unknown) => error);
    setCsrfToken(null);
    setCsrfToken('after');
    answer(sessionEnded());
    expect(sessionEndReasonOf(await late)).toBeNull();
  });
});
