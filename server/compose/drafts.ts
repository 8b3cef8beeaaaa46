import PostalMime from 'postal-mime';
import type { ComposeMessage, Recipient, ResumedDraft, SavedDraft } from '../../shared/api/compose';
import { DomainError } from '../domain-error';
import { appendOnce, deleteForGood, fetchSource } from '../mail/imap/compose-mail';
import type { Credentials } from '../mail/imap/imap-connection';
import { specialFolderPath } from '../mail/imap/special-folders';
import { prepareMessage, type PreparationContext } from './message-preparation';

/**
 * Drafts live in the user's IMAP "Drafts" folder (SPEC §6), flagged \Draft.
 * Saving again appends the new version first and only then deletes the one it
 * replaces: a failure in between leaves two drafts, never none.
 */
export async function saveDraft(context: PreparationContext, user: Credentials, message: ComposeMessage, replaceUid?: number): Promise<SavedDraft> {
  const built = await prepareMessage(context, user, message, { forDraft: true });
  const append = appendOnce('drafts', built.raw, ['\\Draft', '\\Seen']);
  return context.imap.run(user, async ({ client }) => {
    const stored = await append(client);
    if (stored.uid === null) throw new DomainError('mail_server_refused', 'The mail server stored the draft without telling where (no UIDPLUS).');
    if (replaceUid !== undefined && replaceUid !== stored.uid) await deleteForGood(client, stored.folder, replaceUid);
    return { folder: stored.folder, uid: stored.uid };
  });
}

export async function discardDraft(context: PreparationContext, user: Credentials, uid: number): Promise<void> {
  await context.imap.run(user, async ({ client }) => deleteForGood(client, await specialFolderPath(client, 'drafts'), uid));
}

/** Opens a saved draft for editing; its attachments become uploads again so they go out with it. */
export async function resumeDraft(context: PreparationContext, user: Credentials, folder: string, uid: number): Promise<ResumedDraft> {
  const source = await context.imap.run(user, ({ client }) => fetchSource(client, folder, uid));
  const parsed = await PostalMime.parse(source, { attachmentEncoding: 'arraybuffer' });
  const attachments = [];
  for (const attachment of parsed.attachments) {
    attachments.push(
      await context.uploads.add(user.email, {
        filename: attachment.filename ?? 'attachment',
        contentType: attachment.mimeType,
        content: Buffer.from(attachment.content as ArrayBuffer),
      }),
    );
  }
  return {
    uid,
    to: recipientsOf(parsed.to),
    cc: recipientsOf(parsed.cc),
    bcc: recipientsOf(parsed.bcc),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html ?? null,
    attachments,
  };
}

type ParsedAddresses = Awaited<ReturnType<typeof PostalMime.parse>>['to'];

function recipientsOf(list: ParsedAddresses): Recipient[] {
  return (list ?? []).flatMap((entry) =>
    'group' in entry && entry.group ? entry.group.map((member) => ({ name: member.name, address: member.address })) : 'address' in entry && entry.address ? [{ name: entry.name, address: entry.address }] : [],
  );
}

