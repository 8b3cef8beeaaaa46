import { matchesContactSearch, type ContactGroup, type ContactSummary } from '../../../../shared/api/contacts';

/** The list's search and group filter, on the already-sorted book: typing costs no request. */
export function filterContacts(contacts: readonly ContactSummary[], query: string, group: ContactGroup | null): ContactSummary[] {
  const members = group ? new Set(group.memberUids) : null;
  return contacts.filter((contact) => (!members || members.has(contact.uid)) && matchesContactSearch(contact, query));
}
