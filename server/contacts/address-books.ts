import { LRUCache } from 'lru-cache';
import { propfind, syncCollection, type DAVResponse } from 'tsdav';
import type { AddressBook, ContactGroup, ContactSummary } from '../../shared/api/contacts';
import type { DavClients } from '../dav/dav-client';
import { xmlEscape, type DavTransport } from '../dav/dav-transport';
import { DomainError } from '../domain-error';
import type { Credentials } from '../mail/imap/imap-connection';
import { groupOf, isGroupCard, parseCard, summaryOf } from './vcard';
import { translatable } from '../../shared/translatable';

/** The book a user gets on first use: the guide's wording, and what Roundcube and SOGo users know. */
export const DEFAULT_BOOK_NAME = 'Personal Addresses';
// Books and calendars share the user's DAV home on Radicale (and others): the
// default calendar's collection is "personal", so the book must be named apart.
const DEFAULT_BOOK_ID = 'addresses';

export interface CachedCard {
  id: string;
  url: string;
  etag: string;
  text: string;
  contact: ContactSummary | null;
  group: ContactGroup | null;
}

interface BookSnapshot {
  /** The WebDAV sync token (RFC 6578) the cards are as of: the next sync asks only for what changed since. */
  syncToken: string;
  cards: CachedCard[];
  /** When the copy was last brought up to date with the server. */
  checkedAt: number;
  /** A background sync under way. */
  revalidating: Promise<void> | null;
}

/** What a sync-collection REPORT says: the token it is as of, the cards changed, the ones removed (by URL). */
interface SyncAnswer {
  syncToken: string;
  changed: CachedCard[];
  removed: Set<string>;
}

export interface BookInfo extends AddressBook {
  url: string;
}

/**
 * How long a book's copy (and the list of books) is used without asking the
 * server. Radicale computes a sync token from every card (0.7 s for 5,000), far
 * over autocomplete's 100 ms: an older copy is served at once while the sync
 * runs in the background (stale-while-revalidate), so a change made on a phone
 * shows at the next look after it. Tern's own writes update the copy at once.
 */
const FRESH_MS = 10_000;

/**
 * Memory bounds per instance (least recently used go first; a forgotten book
 * is simply read again): parsed cards across all books (a card with its
 * parsed form is a few KB, so a few hundred MB at most), and users whose book
 * lists are kept.
 */
const CACHED_CARDS = 100_000;
const CACHED_BOOK_LISTS = 10_000;

/**
 * A user's address books on the CardDAV server, with an in-memory copy of
 * each book's parsed cards, kept current by WebDAV sync (RFC 6578): the first
 * read takes the whole book and a sync token in one REPORT, later ones only
 * the cards changed since (the BFF keeps no other copy: a restart simply
 * reads again). The copy is what lists, search and autocomplete read; writes
 * go to the server with ETags.
 */
export class AddressBookCache {
  /** Bounded by cards, not books: one 5,000-card book weighs as much as 5,000 small ones. */
  private readonly snapshots = new LRUCache<string, BookSnapshot>({ maxSize: CACHED_CARDS, sizeCalculation: (snapshot) => snapshot.cards.length + 1 });
  /** How many times Tern wrote to each book: a read that saw a write start under it is not trusted as fresh. */
  private readonly writes = new LRUCache<string, number>({ max: CACHED_BOOK_LISTS });
  private readonly bookLists = new LRUCache<string, { at: number; books: Promise<BookInfo[]>; refreshing: boolean }>({ max: CACHED_BOOK_LISTS });

  constructor(readonly dav: DavClients) {}

  async forUser(credentials: Credentials): Promise<UserAddressBooks> {
    return new UserAddressBooks(this, credentials, await this.dav.transport(credentials, 'contacts', conflict));
  }

  snapshot(user: string, bookUrl: string): BookSnapshot | undefined {
    return this.snapshots.get(`${user}\0${bookUrl}`);
  }

  remember(user: string, bookUrl: string, snapshot: BookSnapshot): void {
    this.snapshots.set(`${user}\0${bookUrl}`, snapshot);
  }

  forget(user: string, bookUrl: string): void {
    this.snapshots.delete(`${user}\0${bookUrl}`);
  }

  writesTo(user: string, bookUrl: string): number {
    return this.writes.get(`${user}\0${bookUrl}`) ?? 0;
  }

  wrote(user: string, bookUrl: string): void {
    this.writes.set(`${user}\0${bookUrl}`, this.writesTo(user, bookUrl) + 1);
  }

  /** The user's books as last listed; once that is older than FRESH_MS it is still served while `load` lists them again. */
  books(user: string, load: () => Promise<BookInfo[]>): Promise<BookInfo[]> {
    const cached = this.bookLists.get(user);
    if (!cached) {
      const books = load();
      this.bookLists.set(user, { at: Date.now(), books, refreshing: false });
      books.catch(() => {
        if (this.bookLists.get(user)?.books === books) this.bookLists.delete(user);
      });
      return books;
    }
    if (Date.now() - cached.at >= FRESH_MS && !cached.refreshing) {
      cached.refreshing = true;
      const books = load();
      books.then(
        () => this.bookLists.set(user, { at: Date.now(), books, refreshing: false }),
        (err: unknown) => {
          cached.refreshing = false;
          console.error('address book list refresh failed', err);
        },
      );
    }
    return cached.books;
  }

  forgetBooks(user: string): void {
    this.bookLists.delete(user);
  }

  /** Drops every copy (the benchmark's "cold" runs). */
  clear(): void {
    this.snapshots.clear();
    this.bookLists.clear();
    this.writes.clear();
  }
}

export class UserAddressBooks {
  private readonly userName: string;

  constructor(
    private readonly cache: AddressBookCache,
    private readonly credentials: Credentials,
    private readonly dav: DavTransport,
  ) {
    this.userName = dav.user.name;
  }

  /** The user's books, sorted by name; the default one is created on first use. */
  books(): Promise<BookInfo[]> {
    return this.cache.books(this.userName, async () => {
      const found = await this.fetchBooks();
      if (found.length > 0) return found;
      await this.createBook(DEFAULT_BOOK_NAME, DEFAULT_BOOK_ID);
      return this.fetchBooks();
    });
  }

  /** Names only: asking for CTags here would make Radicale hash every card of every book. */
  private async fetchBooks(): Promise<BookInfo[]> {
    const home = await this.cache.dav.homeUrl(this.credentials, 'carddav');
    const responses = await this.dav.run((options) => propfind({ url: home, depth: '1', props: { 'd:displayname': {}, 'd:resourcetype': {} }, ...options }));
    return responses
      .filter((response) => Object.keys((response.props?.resourcetype as object | undefined) ?? {}).includes('addressbook'))
      .map((response) => {
        const url = new URL(response.href ?? '', home).href;
        const id = decodeURIComponent(url.replace(/\/$/, '').split('/').at(-1) ?? '');
        const displayName = (response.props?.displayname as { _cdata?: unknown } | undefined)?._cdata ?? response.props?.displayname;
        return { id, name: typeof displayName === 'string' && displayName ? displayName : id, url };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async book(id: string): Promise<BookInfo> {
    const book = (await this.books()).find((candidate) => candidate.id === id);
    if (!book) throw new DomainError('not_found', 'This address book does not exist (any more).');
    return book;
  }

  async createBook(name: string, id: string = crypto.randomUUID()): Promise<string> {
    const home = await this.cache.dav.homeUrl(this.credentials, 'carddav');
    const props = `<D:resourcetype><D:collection/><C:addressbook/></D:resourcetype><D:displayname>${xmlEscape(name)}</D:displayname>`;
    await this.dav.makeCollection(`${home}${encodeURIComponent(id)}/`, 'xmlns:C="urn:ietf:params:xml:ns:carddav"', props, translatable('create the address book'));
    this.cache.forgetBooks(this.userName);
    return id;
  }

  async renameBook(id: string, name: string): Promise<void> {
    const book = await this.book(id);
    await this.dav.setProperties(book.url, '', `<D:displayname>${xmlEscape(name)}</D:displayname>`, translatable('rename the address book'));
    this.cache.forgetBooks(this.userName);
  }

  async deleteBook(id: string): Promise<void> {
    const book = await this.book(id);
    await this.dav.delete(book.url, null, translatable('delete the address book'));
    this.cache.forget(this.userName, book.url);
    this.cache.forgetBooks(this.userName);
  }

  /** Every card of the book: from the copy while it is fresh, else the copy at once and a sync behind it. */
  async cards(book: BookInfo): Promise<CachedCard[]> {
    const snapshot = this.cache.snapshot(this.userName, book.url);
    if (!snapshot) {
      // A write of Tern's that lands while the book is read may be missing from what was read: read again.
      for (let attempt = 1; ; attempt++) {
        const writes = this.cache.writesTo(this.userName, book.url);
        const loaded = await this.readWhole(book);
        const wroteMeanwhile = this.cache.writesTo(this.userName, book.url) !== writes;
        if (!wroteMeanwhile || attempt === 3) {
          if (wroteMeanwhile) loaded.checkedAt = 0;
          this.cache.remember(this.userName, book.url, loaded);
          return loaded.cards;
        }
      }
    }
    if (Date.now() - snapshot.checkedAt >= FRESH_MS && !snapshot.revalidating) {
      snapshot.revalidating = this.revalidate(book, snapshot)
        .catch((err: unknown) => console.error('address book revalidation failed', err))
        .finally(() => (snapshot.revalidating = null));
    }
    return snapshot.cards;
  }

  /** Brings the copy up to date with what changed since its sync token; a token the server no longer knows means reading the whole book. */
  private async revalidate(book: BookInfo, snapshot: BookSnapshot): Promise<void> {
    const writes = this.cache.writesTo(this.userName, book.url);
    const answer = await this.sync(book, snapshot.syncToken);
    // Tern wrote while the book was read (an import): the copy, which has those writes, stays and is synced again next time.
    if (this.cache.writesTo(this.userName, book.url) !== writes) return;
    if (answer === 'token-expired') {
      this.cache.remember(this.userName, book.url, await this.readWhole(book));
      return;
    }
    if (answer.changed.length > 0 || answer.removed.size > 0) {
      const changedUrls = new Set(answer.changed.map((card) => card.url));
      const kept = snapshot.cards.filter((card) => !answer.removed.has(card.url) && !changedUrls.has(card.url));
      snapshot.cards = byName([...kept, ...answer.changed]);
    }
    snapshot.syncToken = answer.syncToken;
    snapshot.checkedAt = Date.now();
  }

  /** The whole book with its sync token, in one REPORT, parsed. */
  private async readWhole(book: BookInfo): Promise<BookSnapshot> {
    const answer = await this.sync(book, '');
    if (answer === 'token-expired') throw this.dav.refused({ status: 403 }, translatable('read the address book'));
    return { syncToken: answer.syncToken, cards: byName(answer.changed), checkedAt: Date.now(), revalidating: null };
  }

  /** One sync-collection REPORT (RFC 6578): from the empty token, the whole book. */
  private async sync(book: BookInfo, syncToken: string): Promise<SyncAnswer | 'token-expired'> {
    const responses: DAVResponse[] = await this.dav.run((options) =>
      syncCollection({ url: book.url, props: { 'd:getetag': {}, 'card:address-data': {} }, syncLevel: 1, syncToken, ...options }),
    );
    const first = responses[0];
    const multistatus = (first?.raw as { multistatus?: { syncToken?: unknown } } | undefined)?.multistatus;
    if (!multistatus || typeof multistatus.syncToken === 'undefined') {
      // 403/409 with DAV:valid-sync-token: the server forgot that state (RFC 6578 3.2).
      if (syncToken && (first?.status === 403 || first?.status === 409)) return 'token-expired';
      throw this.dav.refused({ status: first?.status ?? 502 }, translatable('read the address book'));
    }
    const changed: CachedCard[] = [];
    const removed = new Set<string>();
    for (const response of responses) {
      if (!response.href) continue;
      const url = new URL(response.href, book.url).href;
      if (url === book.url) continue;
      if (response.status === 404) {
        removed.add(url);
        continue;
      }
      const data = (response.props?.addressData as { _cdata?: unknown } | undefined)?._cdata ?? response.props?.addressData;
      if (typeof data === 'string') changed.push(...toCachedCard(url, String(response.props?.getetag ?? ''), data));
    }
    return { syncToken: String(multistatus.syncToken), changed, removed };
  }

  /** Tern's own write, shown at once; the next read checks the CTag (which the write changed) behind it. */
  private updateCopy(book: BookInfo, id: string, change: { etag: string; text: string } | null): void {
    this.cache.wrote(this.userName, book.url);
    const snapshot = this.cache.snapshot(this.userName, book.url);
    if (!snapshot) return;
    const url = `${book.url}${encodeURIComponent(id)}`;
    const others = snapshot.cards.filter((card) => card.id !== id);
    snapshot.cards = change ? byName([...others, ...toCachedCard(url, change.etag, change.text)]) : others;
    snapshot.checkedAt = 0;
  }

  /** One card as the server has it now (its current ETag), or 404. */
  async card(book: BookInfo, id: string): Promise<{ url: string; etag: string; text: string }> {
    const url = `${book.url}${encodeURIComponent(id)}`;
    const response = await this.dav.request(url, { method: 'GET' });
    if (response.status === 404) throw new DomainError('not_found', 'This contact does not exist (any more).');
    if (!response.ok) throw this.dav.refused(response, translatable('read the contact'));
    return { url, etag: response.headers.get('etag') ?? '', text: await response.text() };
  }

  /** Creates (no etag: must not exist) or replaces (etag: only that version) a card; returns the new ETag. */
  async put(book: BookInfo, id: string, text: string, etag: string | null): Promise<string> {
    const url = `${book.url}${encodeURIComponent(id)}`;
    const response = await this.dav.put(url, 'text/vcard', text, etag);
    if (!response.ok) throw this.dav.refused(response, translatable('save the contact'));
    const newEtag = response.headers.get('etag') ?? (await this.card(book, id)).etag;
    this.updateCopy(book, id, { etag: newEtag, text });
    return newEtag;
  }

  async remove(book: BookInfo, id: string, etag: string): Promise<void> {
    await this.dav.delete(`${book.url}${encodeURIComponent(id)}`, etag, translatable('delete the contact'));
    this.updateCopy(book, id, null);
  }
}

export function conflict(): DomainError {
  return new DomainError('conflict', 'This contact was changed elsewhere (on another device?) since you opened it. Nothing was overwritten: reload it and make your change again.');
}

/** One collator for every comparison: `localeCompare` builds one per call (30× slower on 5,000 names). */
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The book in list order (by sort key: last name first), kept so, so a list or search never sorts. */
function byName(cards: CachedCard[]): CachedCard[] {
  const keyOf = (card: CachedCard) => card.contact?.sortKey ?? card.group?.name ?? '';
  return cards.sort((a, b) => collator.compare(keyOf(a), keyOf(b)));
}

function toCachedCard(url: string, etag: string, text: string): CachedCard[] {
  const id = decodeURIComponent(url.split('/').at(-1) ?? '');
  try {
    const card = parseCard(text);
    return [isGroupCard(card) ? { id, url, etag, text, contact: null, group: groupOf(card, id, etag) } : { id, url, etag, text, contact: summaryOf(card, id), group: null }];
  } catch {
    // A card another program stored broken: left alone on the server, not shown.
    return [];
  }
}
