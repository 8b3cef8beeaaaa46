import type { MessageDetail } from '../../shared/api/messages';
import { AddToContactsButton } from '../features/contacts/components/add-to-contacts';
import { CreateFilterButton } from '../features/settings/components/create-filter-button';
import type { MessageHeaderExtension } from '../lib/message-header-extensions';

function AddSenderToContacts({ detail }: { detail: MessageDetail }) {
  return detail.from ? <AddToContactsButton address={detail.from} /> : null;
}

function CreateFilterFromMessage({ detail }: { detail: MessageDetail }) {
  return <CreateFilterButton folder={detail.folder} uid={detail.uid} />;
}

/** In the order they appear after the sender, subject and date. */
export const MESSAGE_HEADER_EXTENSIONS: readonly MessageHeaderExtension[] = [AddSenderToContacts, CreateFilterFromMessage];
