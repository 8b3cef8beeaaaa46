import { matchesContactSearch, type ContactSummary } from '../../shared/api/contacts';

/** Sorted by name (last name first when there is one), filtered by name, email, phone and company. */
export function searchContacts(contacts: readonly ContactSummary[], query: string): ContactSummary[] {
  return contacts.filter((contact) => matchesContactSearch(contact, query)).sort((a, b) => a.sortKey.localeCompare(b.sortKey));
}
