import type { RecipientSuggestion } from '../../shared/api/recipients';
import { DomainError } from '../domain-error';
import type { Credentials } from '../mail/imap/imap-connection';
import type { ContactDirectory } from '../recipients/contact-directory';
import type { AddressBookCache, CachedCard } from './address-books';

const AUTOCOMPLETE_CONTACTS_DEADLINE_MS = 1_500;

/**
 * Compose's autocomplete over the user's CardDAV books: one PROPFIND checks
 * every book's CTag, then the in-memory copy of each book is searched (a
 * 5,000-contact book answers in milliseconds; see `npm run bench`).
 * Each email of a contact is its own suggestion; a group is one suggestion
 * that expands to its members. With the contacts server down or slow it
 * suggests nothing rather than failing or waiting, so the recent recipients
 * still come.
 */
export class CardDavDirectory implements ContactDirectory {
  constructor(
    private readonly books: AddressBookCache,
    /** How long a keystroke waits for the books (a first read of a large book, a slow server). */
    private readonly deadlineMs = AUTOCOMPLETE_CONTACTS_DEADLINE_MS,
  ) {}

  async suggest(credentials: Credentials, query: string, limit: number): Promise<RecipientSuggestion[]> {
    const needle = query.trim().toLocaleLowerCase();
    if (!needle) return [];
    let cards: CachedCard[] | 'too-slow';
    try {
      cards = await withDeadline(this.allCards(credentials), this.deadlineMs);
    } catch (err) {
      // The contacts server is down: compose still suggests the recent recipients.
      if (err instanceof DomainError && err.code === 'dav_unavailable') return [];
      throw err;
    }
    // Slow or hung: the recent recipients now; the books, read on behind, serve the next letters.
    if (cards === 'too-slow') return [];
    return rankSuggestions(cards, needle).slice(0, limit);
  }

  private async allCards(credentials: Credentials): Promise<CachedCard[]> {
    const user = await this.books.forUser(credentials);
    return (await Promise.all((await user.books()).map((book) => user.cards(book)))).flat();
  }
}

/** The work's answer if it comes in time; its failure after the deadline is nobody's concern (it fills the cache or not). */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | 'too-slow'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'too-slow'>((resolve) => (timer = setTimeout(() => resolve('too-slow'), ms)));
  work.catch(() => undefined);
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** Lower is better: the name or address starts with the text, then a word of the name does, then it occurs anywhere. */
function rank(name: string, email: string, needle: string): number | null {
  const lowerName = name.toLocaleLowerCase();
  const lowerEmail = email.toLowerCase();
  if (lowerName.startsWith(needle) || lowerEmail.startsWith(needle)) return 0;
  if (lowerName.split(/[\s,.-]+/).some((word) => word.startsWith(needle))) return 1;
  if (lowerName.includes(needle) || lowerEmail.includes(needle)) return 2;
  return null;
}

export function rankSuggestions(cards: readonly CachedCard[], needle: string): RecipientSuggestion[] {
  const byUid = new Map(cards.flatMap((card) => (card.contact ? [[card.contact.uid, card.contact] as const] : [])));
  const ranked: Array<{ score: number; suggestion: RecipientSuggestion }> = [];
  for (const card of cards) {
    if (card.contact) {
      for (const email of card.contact.emails) {
        const score = rank(card.contact.name, email, needle);
        if (score !== null) ranked.push({ score, suggestion: { name: card.contact.name, email, source: 'contact' } });
      }
    } else if (card.group) {
      const score = rank(card.group.name, '', needle);
      const members = card.group.memberUids.flatMap((uid) => {
        const member = byUid.get(uid);
        return member?.emails[0] ? [{ name: member.name, email: member.emails[0] }] : [];
      });
      if (score !== null && members.length > 0) ranked.push({ score, suggestion: { name: card.group.name, email: '', source: 'group', members } });
    }
  }
  // The same person (or group) kept in two books is suggested once.
  const seen = new Set<string>();
  return ranked
    .sort((a, b) => a.score - b.score || a.suggestion.name.localeCompare(b.suggestion.name))
    .map((entry) => entry.suggestion)
    .filter((suggestion) => {
      const key = JSON.stringify([suggestion.name, suggestion.email.toLowerCase(), suggestion.members]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
