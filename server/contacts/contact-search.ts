import { matchesContactSearch, type ContactSummary } from '../../shared/api/contacts';

/** Filtered by name, email, phone and company, in the order given (address books keep their copy sorted by name). */
export function searchContacts(contacts: readonly ContactSummary[], query: string): ContactSummary[] {
  return contacts.filter((contact) => matchesContactSearch(contact, query));
}
