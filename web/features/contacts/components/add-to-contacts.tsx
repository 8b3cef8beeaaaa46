import { useMutation, useQueryClient } from '@tanstack/react-query';
import { addressBooksResponseSchema, type ContactFields } from '../../../../shared/api/contacts';
import type { Address } from '../../../../shared/api/messages';
import { ApiError, request } from '../../../lib/api-client';
import { contactKeys } from '../api/contacts';
import { useT } from '../i18n';

/** "Ada Lovelace" → first and last name; a single word is the first name. */
function nameParts(name: string): Pick<ContactFields, 'firstName' | 'lastName'> {
  const words = name.replace(/^"|"$/g, '').trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return { firstName: words[0] ?? '', lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words.at(-1)! };
}

/** "Add to contacts" next to a sender in the reading pane: a contact in the first address book, at one click. */
export function AddToContactsButton({ address }: { address: Address }) {
  const t = useT();
  const queryClient = useQueryClient();
  const add = useMutation({
    mutationFn: async () => {
      const { books } = await request('/api/contacts/books', { schema: addressBooksResponseSchema });
      const book = books[0];
      if (!book) throw new ApiError(404, 'not_found', t('You have no address book.'));
      const fields: ContactFields = {
        ...nameParts(address.name), company: '', emails: [{ type: 'other', value: address.address }], phones: [], address: null,
        birthday: '', website: '', nickname: '', jobTitle: '', notes: '', photo: null,
      };
      await request(`/api/contacts/books/${encodeURIComponent(book.id)}/contacts`, { method: 'POST', body: { fields } });
      return book.name;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contactKeys.all }),
  });
  if (add.isSuccess) return <span className="add-to-contacts-done" role="status">{t('Added to {{book}}', { book: add.data })}</span>;
  return (
    <>
      <button type="button" className="button button-quiet add-to-contacts" disabled={add.isPending} onClick={() => add.mutate()}>
        {t('Add to contacts')}
      </button>
      {add.isError && <span className="field-error" role="alert">{add.error instanceof ApiError ? add.error.message : t('The contact could not be added.')}</span>}
    </>
  );
}
