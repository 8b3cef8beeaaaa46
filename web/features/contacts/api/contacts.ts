import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  addressBooksResponseSchema,
  contactListResponseSchema,
  importResultSchema,
  type ContactDetail,
  type ContactFields,
} from '../../../../shared/api/contacts';
import { apiPath, request } from '../../../lib/api-client';

export const contactKeys = {
  all: ['contacts'] as const,
  books: () => [...contactKeys.all, 'books'] as const,
  list: (book: string) => [...contactKeys.all, 'list', book] as const,
  detail: (book: string, id: string) => [...contactKeys.all, 'detail', book, id] as const,
};

const bookPath = (book: string) => `/api/contacts/books/${encodeURIComponent(book)}`;
export const contactPath = (book: string, id: string) => `${bookPath(book)}/contacts/${encodeURIComponent(id)}`;
export const exportUrl = (book: string, query?: { ids?: string; group?: string }) => apiPath(`${bookPath(book)}/export`, query);

const detailSchema = z.object({ id: z.string(), etag: z.string(), uid: z.string(), fields: z.custom<ContactFields>((value) => typeof value === 'object' && value !== null) });
const groupResponseSchema = z.object({ id: z.string(), etag: z.string(), name: z.string(), memberUids: z.array(z.string()) });

export function useAddressBooks() {
  return useQuery(queryOptions({ queryKey: contactKeys.books(), queryFn: ({ signal }) => request('/api/contacts/books', { schema: addressBooksResponseSchema, signal }) }));
}

/** The whole book (sorted by name); search filters it in the page, so typing costs no request. */
export function useContactList(book: string | null) {
  return useQuery({
    queryKey: contactKeys.list(book ?? ''),
    queryFn: ({ signal }) => request(`${bookPath(book!)}/contacts`, { schema: contactListResponseSchema, signal }),
    enabled: book !== null,
  });
}

export function useContactDetail(book: string | null, id: string | null) {
  return useQuery({
    queryKey: contactKeys.detail(book ?? '', id ?? ''),
    queryFn: ({ signal }) => request<ContactDetail>(contactPath(book!, id!), { schema: detailSchema, signal }),
    enabled: book !== null && id !== null,
  });
}

function useInvalidateContacts() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: contactKeys.all });
}

export function useSaveContact(book: string) {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: ({ id, etag, fields }: { id?: string; etag?: string; fields: ContactFields }) =>
      id
        ? request<ContactDetail>(contactPath(book, id), { method: 'PUT', body: { etag, fields }, schema: detailSchema })
        : request<ContactDetail>(`${bookPath(book)}/contacts`, { method: 'POST', body: { fields }, schema: detailSchema }),
    onSettled: invalidate,
  });
}

export function useDeleteContact(book: string) {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: ({ id, etag }: { id: string; etag: string }) => request(apiPath(contactPath(book, id), { etag }), { method: 'DELETE' }),
    onSettled: invalidate,
  });
}

export function useBookMutations() {
  const invalidate = useInvalidateContacts();
  const create = useMutation({
    mutationFn: (name: string) => request('/api/contacts/books', { method: 'POST', body: { name }, schema: z.object({ id: z.string(), name: z.string() }) }),
    onSettled: invalidate,
  });
  const rename = useMutation({ mutationFn: ({ id, name }: { id: string; name: string }) => request(bookPath(id), { method: 'PATCH', body: { name } }), onSettled: invalidate });
  const remove = useMutation({ mutationFn: (id: string) => request(bookPath(id), { method: 'DELETE' }), onSettled: invalidate });
  return { create, rename, remove };
}

export function useGroupMutations(book: string) {
  const invalidate = useInvalidateContacts();
  const create = useMutation({
    mutationFn: ({ name, memberUids = [] }: { name: string; memberUids?: string[] }) =>
      request(`${bookPath(book)}/groups`, { method: 'POST', body: { name, memberUids }, schema: groupResponseSchema }),
    onSettled: invalidate,
  });
  const update = useMutation({
    mutationFn: ({ id, etag, name, memberUids }: { id: string; etag: string; name: string; memberUids: string[] }) =>
      request(`${bookPath(book)}/groups/${encodeURIComponent(id)}`, { method: 'PUT', body: { etag, name, memberUids }, schema: groupResponseSchema }),
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: ({ id, etag }: { id: string; etag: string }) => request(apiPath(`${bookPath(book)}/groups/${encodeURIComponent(id)}`, { etag }), { method: 'DELETE' }),
    onSettled: invalidate,
  });
  return { create, update, remove };
}

export function useImportContacts(book: string) {
  const invalidate = useInvalidateContacts();
  return useMutation({
    mutationFn: ({ vcf, commit }: { vcf: string; commit: boolean }) => request(`${bookPath(book)}/import`, { method: 'POST', body: { vcf, commit }, schema: importResultSchema }),
    onSettled: (_result, _error, { commit }) => (commit ? invalidate() : undefined),
  });
}
