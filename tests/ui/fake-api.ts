import { vi } from 'vitest';
import type { Folder, Quota } from '../../shared/api/folders';
import type { MessageDetail, MessageSummary } from '../../shared/api/messages';
import type { SessionInfo } from '../../shared/api/session';
import { makeQuota, makeSession, makeSpecialFolders } from './builders';

/** One request the SPA made. */
export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Responder = (call: Call) => Response | Promise<Response>;

/** A folder's messages: a list, or a generator for folders too big to build. */
export type FolderMessages = MessageSummary[] | { total: number; at: (position: number) => MessageSummary };

export interface FakeApiOptions {
  session?: SessionInfo | null;
  folders?: Folder[];
  quota?: Quota | null;
  messages?: Record<string, FolderMessages>;
  details?: MessageDetail[];
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function apiError(status: number, code: string, message: string): Response {
  return json(status, { code, message });
}

/**
 * An in-memory BFF behind a fake `fetch`: serves builder-made answers, records
 * every call, and lets a test replace any route (`api.on('POST /api/messages/seen', …)`).
 */
export function createFakeApi(options: FakeApiOptions = {}) {
  const state = {
    session: options.session === undefined ? makeSession() : options.session,
    folders: options.folders ?? makeSpecialFolders(),
    quota: options.quota === undefined ? makeQuota() : options.quota,
    messages: options.messages ?? {},
    details: options.details ?? [],
  };
  const calls: Call[] = [];
  const overrides = new Map<string, Responder>();

  function windowOf(folder: string, offset: number, limit: number) {
    const source = state.messages[folder] ?? [];
    const total = Array.isArray(source) ? source.length : source.total;
    const items: MessageSummary[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) {
      const item = Array.isArray(source) ? source[i] : source.at(i);
      if (item) items.push(item);
    }
    return { folder, total, offset, items };
  }

  const routes: Array<[string, RegExp, Responder]> = [
    ['GET', /^\/api\/session$/, () => (state.session ? json(200, state.session) : apiError(401, 'unauthenticated', 'Sign in first.'))],
    ['POST', /^\/api\/session$/, () => json(200, state.session ?? makeSession())],
    ['DELETE', /^\/api\/session$/, () => new Response(null, { status: 204 })],
    ['GET', /^\/api\/folders$/, () => json(200, { folders: state.folders, quota: state.quota })],
    [
      'GET',
      /^\/api\/messages$/,
      ({ query }) => json(200, windowOf(query.get('folder') ?? '', Number(query.get('offset') ?? 0), Number(query.get('limit') ?? 50))),
    ],
    [
      'GET',
      /^\/api\/messages\/(\d+)$/,
      ({ path, query }) => {
        const uid = Number(path.split('/').pop());
        const detail = state.details.find((d) => d.uid === uid && d.folder === query.get('folder'));
        return detail ? json(200, detail) : apiError(404, 'not_found', 'That message is gone.');
      },
    ],
    [
      'POST',
      /^\/api\/messages\/seen$/,
      ({ body }) => {
        const { folder, uids, seen } = body as { folder: string; uids: number[]; seen: boolean };
        const source = state.messages[folder];
        let flipped = 0;
        if (Array.isArray(source)) {
          for (const item of source) {
            if (uids.includes(item.uid) && item.flags.seen !== seen) {
              item.flags = { ...item.flags, seen };
              flipped++;
            }
          }
        }
        state.folders = state.folders.map((f) => (f.path === folder ? { ...f, unread: f.unread + (seen ? -flipped : flipped) } : f));
        return new Response(null, { status: 204 });
      },
    ],
  ];

  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://tern.test');
    const call: Call = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const override = overrides.get(`${call.method} ${call.path}`);
    if (override) return override(call);
    const route = routes.find(([method, pattern]) => method === call.method && pattern.test(call.path));
    return route ? route[2](call) : apiError(404, 'not_found', `No fake route for ${call.method} ${call.path}`);
  });

  return {
    fetch,
    calls,
    state,
    /** Replace one route, e.g. `on('POST /api/session', () => apiError(401, …))`. */
    on(route: string, responder: Responder) {
      overrides.set(route, responder);
    },
    callsTo(method: string, path: string) {
      return calls.filter((c) => c.method === method && c.path === path);
    },
  };
}

export type FakeApi = ReturnType<typeof createFakeApi>;
