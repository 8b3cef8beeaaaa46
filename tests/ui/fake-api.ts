import { vi } from 'vitest';
import type { MessageSelection, MoveResult } from '../../shared/api/actions';
import type { Folder, Quota } from '../../shared/api/folders';
import type { MessageDetail, MessageSummary, SearchField } from '../../shared/api/messages';
import { DEFAULT_PREFERENCES, PREFERENCES_CHANGED_TEXT, type Preferences } from '../../shared/api/preferences';
import { contentVersion } from '../../shared/content-version';
import type { SessionInfo } from '../../shared/api/session';
import { errorAnswerProblem, requestBodyProblem } from './api-contract';
import { makeFolder, makeQuota, makeSession, makeSpecialFolders } from './builders';

/** One request the SPA made. */
export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Responder = (call: Call) => Response | Promise<Response>;

/** Requests and answers of this test that the real BFF would not take or give (tests/ui/api-contract.ts); setup.ts fails the test on any. */
const contractViolations: string[] = [];

export function takeContractViolations(): string[] {
  return contractViolations.splice(0);
}

/** A folder's messages: a list, or a generator for folders too big to build. */
export type FolderMessages = MessageSummary[] | { total: number; at: (position: number) => MessageSummary };

export interface FakeApiOptions {
  session?: SessionInfo | null;
  folders?: Folder[];
  quota?: Quota | null;
  messages?: Record<string, FolderMessages>;
  details?: MessageDetail[];
  preferences?: Preferences;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

export function apiError(status: number, code: string, message: string, details?: Record<string, unknown>): Response {
  return json(status, { code, message, ...(details && { details }) });
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
    preferences: options.preferences ?? DEFAULT_PREFERENCES,
  };
  const calls: Call[] = [];
  const overrides = new Map<string, Responder>();
  /** More of the fake BFF (e.g. the calendar's routes): asked first; null when the path is not theirs. */
  const extensions: Array<(call: Call) => Response | null> = [];

  function searchable(item: MessageSummary, field: SearchField): string {
    if (field === 'from') return `${item.from?.name ?? ''} ${item.from?.address ?? ''}`;
    if (field === 'to') return item.to.map((a) => `${a.name} ${a.address}`).join(' ');
    if (field === 'subject') return `${item.subject} ${item.from?.name ?? ''} ${item.from?.address ?? ''}`;
    // The fake has no bodies: the subject stands in for one.
    return item.subject;
  }

  /**
   * A folder's messages as the server would list them: the array is the
   * default order (newest first); other sorts order a copy; a search filters.
   */
  function listed(folder: string, query: URLSearchParams): MessageSummary[] | null {
    const source = state.messages[folder] ?? [];
    if (!Array.isArray(source)) return null;
    const sort = query.get('sort') ?? 'date';
    const order = query.get('order') ?? 'desc';
    const search = query.get('search')?.toLowerCase();
    const searchIn = (query.get('searchIn') ?? 'subject') as SearchField;
    let items = search ? source.filter((item) => searchable(item, searchIn).toLowerCase().includes(search)) : [...source];
    if (sort === 'date') {
      if (order === 'asc') items.reverse();
    } else {
      const keyOf = (item: MessageSummary): string | number =>
        sort === 'size' ? item.size : sort === 'from' ? (item.from?.name || item.from?.address || '') : item.subject;
      items = items.sort((a, b) => {
        const ka = keyOf(a);
        const kb = keyOf(b);
        const cmp = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
        return order === 'asc' ? cmp : -cmp;
      });
    }
    return items;
  }

  function windowOf(folder: string, offset: number, limit: number, query = new URLSearchParams()) {
    const source = state.messages[folder] ?? [];
    const list = listed(folder, query);
    const total = list ? list.length : Array.isArray(source) ? source.length : source.total;
    const items: MessageSummary[] = [];
    for (let i = offset; i < Math.min(total, offset + limit); i++) {
      const item = list ? list[i] : Array.isArray(source) ? source[i] : source.at(i);
      if (item) items.push(item);
    }
    return { folder, total, offset, items };
  }

  /** The messages a selection names, for folders held as arrays. */
  function selected(selection: MessageSelection): MessageSummary[] {
    const source = state.messages[selection.folder] ?? [];
    if (!Array.isArray(source)) return [];
    if ('uids' in selection) return source.filter((item) => selection.uids.includes(item.uid));
    const query = new URLSearchParams();
    if (selection.search) {
      query.set('search', selection.search);
      query.set('searchIn', selection.searchIn);
    }
    return listed(selection.folder, query) ?? [];
  }

  function countOf(selection: MessageSelection): number {
    const source = state.messages[selection.folder] ?? [];
    if (Array.isArray(source)) return selected(selection).length;
    return 'uids' in selection ? selection.uids.length : source.total;
  }

  function recount(path: string) {
    const source = state.messages[path];
    if (!Array.isArray(source)) return;
    state.folders = state.folders.map((f) =>
      f.path === path ? { ...f, total: source.length, unread: source.filter((m) => !m.flags.seen).length } : f,
    );
  }

  function specialPath(use: Folder['specialUse']): string {
    return state.folders.find((f) => f.specialUse === use)?.path ?? 'INBOX';
  }

  /** Moves like IMAP MOVE with COPYUID: new UIDs in the destination, in source order. */
  function move(selection: MessageSelection, to: string | null): MoveResult {
    const source = state.messages[selection.folder] ?? [];
    if (!Array.isArray(source)) return { count: countOf(selection), from: selection.folder, to, uids: null };
    const moving = selected(selection);
    state.messages[selection.folder] = source.filter((item) => !moving.includes(item));
    recount(selection.folder);
    if (to === null) return { count: moving.length, from: selection.folder, to, uids: null };
    const destination = Array.isArray(state.messages[to]) ? (state.messages[to] as MessageSummary[]) : [];
    let next = Math.max(1000, ...destination.map((m) => m.uid)) + 1;
    const arrived = moving.map((item) => ({ ...item, uid: next++ }));
    state.messages[to] = [...arrived, ...destination];
    recount(to);
    return { count: moving.length, from: selection.folder, to, uids: arrived.map((m) => m.uid) };
  }

  const routes: Array<[string, RegExp, Responder]> = [
    ['GET', /^\/api\/session$/, () => (state.session ? json(200, state.session) : apiError(401, 'unauthenticated', 'Sign in first.'))],
    ['POST', /^\/api\/session$/, () => json(200, state.session ?? makeSession())],
    ['DELETE', /^\/api\/session$/, () => new Response(null, { status: 204 })],
    ['GET', /^\/api\/preferences$/, () => json(200, state.preferences)],
    [
      'PUT',
      /^\/api\/preferences\/\w+$/,
      ({ path, body, headers }) => {
        // As the BFF: a save based on another version of the section is refused.
        const section = path.split('/').pop() as keyof Preferences;
        const version = contentVersion(state.preferences[section]);
        if (headers.get('if-match') !== `"${version}"`) return apiError(409, 'conflict', PREFERENCES_CHANGED_TEXT, { version });
        state.preferences = { ...state.preferences, [section]: body };
        return json(200, state.preferences);
      },
    ],
    ['GET', /^\/api\/folders$/, () => json(200, { folders: state.folders, quota: state.quota })],
    // The image proxy signs every address it is given (the real one leaves trackers and non-http(s) out).
    [
      'POST',
      /^\/api\/image-proxy\/sign$/,
      ({ body }) => json(200, { urls: Object.fromEntries((body as { urls: string[] }).urls.map((url) => [url, `/api/image-proxy?url=${encodeURIComponent(url)}&sig=fake`])), trackers: [] }),
    ],
    // The outbox notice: nothing waiting, failed or uncertain unless a test says so.
    ['GET', /^\/api\/compose\/outbox$/, () => json(200, { entries: [] })],
    [
      'GET',
      /^\/api\/messages$/,
      ({ query }) => json(200, windowOf(query.get('folder') ?? '', Number(query.get('offset') ?? 0), Number(query.get('limit') ?? 50), query)),
    ],
    [
      'GET',
      /^\/api\/messages\/search$/,
      ({ query }) => {
        // Every folder held as an array, merged newest first like the BFF does.
        const hits = Object.keys(state.messages)
          .flatMap((folder) => (listed(folder, query) ?? []).map((item) => ({ ...item, folder })))
          .sort((a, b) => b.date.localeCompare(a.date));
        const offset = Number(query.get('offset') ?? 0);
        return json(200, { total: hits.length, offset, items: hits.slice(offset, offset + Number(query.get('limit') ?? 50)) });
      },
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
    [
      'POST',
      /^\/api\/messages\/flags$/,
      ({ body }) => {
        const { selection, flag, value } = body as { selection: MessageSelection; flag: 'seen' | 'flagged'; value: boolean };
        for (const item of selected(selection)) item.flags = { ...item.flags, [flag]: value };
        recount(selection.folder);
        return new Response(null, { status: 204 });
      },
    ],
    ['POST', /^\/api\/messages\/move$/, ({ body }) => {
      const { selection, to } = body as { selection: MessageSelection; to: string };
      return json(200, move(selection, to));
    }],
    [
      'POST',
      /^\/api\/messages\/delete$/,
      ({ body }) => {
        const { selection, permanently } = body as { selection: MessageSelection; permanently: boolean };
        const trash = specialPath('trash');
        if (selection.folder === trash && !permanently) return apiError(400, 'bad_request', 'In Trash, delete for good.');
        return json(200, move(selection, permanently ? null : trash));
      },
    ],
    ['POST', /^\/api\/messages\/spam$/, ({ body }) => json(200, move((body as { selection: MessageSelection }).selection, specialPath('junk')))],
    ['POST', /^\/api\/messages\/not-spam$/, ({ body }) => json(200, move((body as { selection: MessageSelection }).selection, specialPath('inbox')))],
    [
      'POST',
      /^\/api\/folders$/,
      ({ body }) => {
        const { name, parent } = body as { name: string; parent?: string };
        const path = parent ? `${parent}/${name}` : name;
        if (state.folders.some((f) => f.path.toLowerCase() === path.toLowerCase())) {
          return apiError(400, 'mail_server_refused', 'Mailbox already exists');
        }
        const folder = makeFolder({ path, name, depth: parent ? path.split('/').length - 1 : 0 });
        state.folders = [...state.folders, folder];
        return json(201, folder);
      },
    ],
    [
      'PATCH',
      /^\/api\/folders$/,
      ({ body }) => {
        const { path, name, parent, subscribed } = body as { path: string; name?: string; parent?: string | null; subscribed?: boolean };
        const folder = state.folders.find((f) => f.path === path);
        if (!folder) return apiError(404, 'not_found', 'No such folder.');
        if (folder.specialUse) return apiError(403, 'forbidden', 'Special folders cannot be changed.');
        const oldParent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : null;
        const newParent = parent === undefined ? oldParent : parent;
        const newName = name ?? folder.name;
        const newPath = newParent ? `${newParent}/${newName}` : newName;
        const updated = { ...folder, path: newPath, name: newName, depth: newPath.split('/').length - 1, subscribed: subscribed ?? folder.subscribed };
        state.folders = state.folders.map((f) => (f.path === path ? updated : f));
        return json(200, updated);
      },
    ],
    [
      'DELETE',
      /^\/api\/folders$/,
      ({ query }) => {
        const path = query.get('path');
        const folder = state.folders.find((f) => f.path === path);
        if (!folder) return apiError(404, 'not_found', 'No such folder.');
        if (folder.specialUse) return apiError(403, 'forbidden', 'Special folders cannot be deleted.');
        state.folders = state.folders.filter((f) => f !== folder);
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
    const refused = requestBodyProblem(call.method, call.path, call.body);
    if (refused) {
      contractViolations.push(refused);
      return apiError(400, 'bad_request', refused);
    }
    const override = overrides.get(`${call.method} ${call.path}`);
    const response = await (override ? override(call) : serve(call));
    const malformed = await errorAnswerProblem(call.method, call.path, response);
    if (malformed) contractViolations.push(malformed);
    return response;
  });

  /** What the fake BFF itself answers, overrides aside. */
  function serve(call: Call): Response | Promise<Response> {
    for (const extension of extensions) {
      const answer = extension(call);
      if (answer) return answer;
    }
    const route = routes.find(([method, pattern]) => method === call.method && pattern.test(call.path));
    return route ? route[2](call) : apiError(404, 'not_found', `No fake route for ${call.method} ${call.path}`);
  }

  return {
    fetch,
    calls,
    state,
    /** Adds routes of another feature's fake (e.g. tests/ui/calendar-fake-api.ts). */
    extend(extension: (call: Call) => Response | null) {
      extensions.push(extension);
    },
    /** Replace one route, e.g. `on('POST /api/session', () => apiError(401, …))`. */
    on(route: string, responder: Responder) {
      overrides.set(route, responder);
    },
    /**
     * Hold one route's answers until the test releases them: `release()`
     * answers as the fake BFF would, `release(response)` with that response.
     */
    hold(route: string) {
      const waiting: Array<(response?: Response) => void> = [];
      overrides.set(
        route,
        (call) =>
          new Promise<Response>((resolve) => {
            waiting.push((response) => resolve(response ?? serve(call)));
          }),
      );
      return (response?: Response) => {
        overrides.delete(route);
        for (const answer of waiting.splice(0)) answer(response);
      };
    },
    callsTo(method: string, path: string) {
      return calls.filter((c) => c.method === method && c.path === path);
    },
  };
}

export type FakeApi = ReturnType<typeof createFakeApi>;
