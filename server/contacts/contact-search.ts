import type { ContactSummary } from '../../shared/api/contacts';

/** Sorted by name (last name first when there is one), filtered by name, email, phone and company. */
export function searchContacts(contacts: readonly ContactSummary[], query: string): ContactSummary[] {
  const needle = query.trim().toLocaleLowerCase();
  const digits = needle.replace(/[^0-9+]/g, '');
  const matching = needle
    ? contacts.filter(
        (contact) =>
          contact.name.toLocaleLowerCase().includes(needle) ||
          contact.company.toLocaleLowerCase().includes(needle) ||
          contact.emails.some((email) => email.toLowerCase().includes(needle)) ||
          (digits.length >= 3 && contact.phones.some((phone) => phone.replace(/[^0-9+]/g, '').includes(digits))),
      )
    : [...contacts];
  return matching.sort((a, b) => a.sortKey.localeCompare(b.sortKey));
}
