import type { RecipientSuggestion } from '../../shared/api/recipients';
import type { Credentials } from '../mail/imap/imap-connection';

/**
 * Where recipient autocomplete finds contacts and groups. Compose asks it
 * without knowing where address books live; the contacts module answers from
 * the user's CardDAV books. Kept as an interface so compose works (with recent
 * addresses only) on a deployment without a contacts server.
 */
export interface ContactDirectory {
  suggest(user: Credentials, query: string, limit: number): Promise<RecipientSuggestion[]>;
}

/** A deployment without address books: no contact suggestions. */
export const noContacts: ContactDirectory = {
  suggest: () => Promise.resolve([]),
};
