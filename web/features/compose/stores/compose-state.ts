import { base64EncodedSize, type ComposeMessageInput, type ComposeSourceRef, type Upload } from '../../../../shared/api/compose';
import type { Attachment } from '../../../../shared/api/messages';
import type { Preferences } from '../../../../shared/api/preferences';
import type { ComposeIntent } from '../../../lib/compose-intent';
import { msg } from '../../../lib/i18n/i18n';
import { getMessage } from '../../../lib/message-fetch';
import { resumeDraft } from '../api/compose-api';
import { chipOf, htmlSignature, plainSignature, quoteHtml, quotePlain, replyRecipients, replySubject, textToHtml, type RecipientChip } from '../model/compose-model';

/** One file in the compose window: uploading, uploaded, or refused. */
export interface AttachmentItem {
  key: string;
  name: string;
  size: number;
  encodedSize: number;
  /** 0..1 while uploading. */
  progress: number;
  upload: Upload | null;
  error: string | null;
}

/** Everything the compose window holds: reopened as it was after "Undo" or a failed send. */
export interface ComposeState {
  /** The English title (a catalog key): the window shows it in the language of the moment. */
  title: string;
  to: RecipientChip[];
  cc: RecipientChip[];
  bcc: RecipientChip[];
  subject: string;
  format: 'rich' | 'plain';
  /** The rich body; kept in step with `text` while in rich mode. */
  html: string;
  text: string;
  attachments: AttachmentItem[];
  /** The original's attachments a forward carries. */
  forwarded: Attachment[];
  source: ComposeSourceRef | null;
  draftUid: number | null;
  /** Kept until the server gave a definite answer, so a retry cannot send twice. */
  idempotencyKey: string;
}

export function newKey(): string {
  return crypto.randomUUID();
}

export function uploadedItem(upload: Upload): AttachmentItem {
  return { key: upload.id, name: upload.filename, size: upload.size, encodedSize: upload.encodedSize, progress: 1, upload, error: null };
}

/** The window's first content: a new message, a reply or forward of a message, or a saved draft. */
export async function initialState(intent: ComposeIntent, ownAddress: string, preferences: Preferences): Promise<ComposeState> {
  const signatureText = plainSignature(preferences.signature);
  const base: ComposeState = {
    title: msg('New Email'),
    to: (intent.to ?? []).map(chipOf),
    cc: (intent.cc ?? []).map(chipOf),
    bcc: (intent.bcc ?? []).map(chipOf),
    subject: intent.subject ?? '',
    format: 'rich',
    html: '',
    text: '',
    attachments: [],
    forwarded: [],
    source: null,
    draftUid: null,
    idempotencyKey: newKey(),
  };
  if (intent.draft) {
    const draft = await resumeDraft(intent.draft.folder, intent.draft.uid);
    return {
      ...base,
      title: msg('Draft'),
      to: draft.to.map(chipOf),
      cc: draft.cc.map(chipOf),
      bcc: draft.bcc.map(chipOf),
      subject: draft.subject,
      format: draft.html !== null ? 'rich' : 'plain',
      html: draft.html ?? '',
      text: draft.text,
      attachments: draft.attachments.map(uploadedItem),
      draftUid: draft.uid,
    };
  }
  const body = intent.body ?? '';
  if (!intent.replyTo) {
    return { ...base, text: `${body}${signatureText ? `\n\n${signatureText}` : ''}`, html: `${body ? textToHtml(body) : '<p></p>'}${htmlSignature(preferences.signature)}` };
  }
  const { folder, uid, mode } = intent.replyTo;
  const original = await getMessage(folder, uid);
  const recipients = mode === 'forward' ? { to: [], cc: [] } : replyRecipients(original, mode, ownAddress);
  const quotePlainText = quotePlain(original, mode);
  return {
    ...base,
    title: mode === 'forward' ? msg('Forward') : mode === 'replyAll' ? msg('Reply All') : msg('Reply'),
    to: recipients.to.map(chipOf),
    cc: recipients.cc.map(chipOf),
    subject: replySubject(original.subject, mode),
    text: ['', signatureText, quotePlainText].filter((part, index) => index === 0 || part).join('\n\n'),
    html: `<p></p>${htmlSignature(preferences.signature)}${quoteHtml(original, mode)}`,
    forwarded: mode === 'forward' ? original.attachments : [],
    source: intent.replyTo,
  };
}

/** What "Send Email" and "Save Draft" carry. */
export function messageOf(state: ComposeState): ComposeMessageInput {
  const plain = (chips: RecipientChip[]) => chips.map(({ name, address }) => ({ name, address }));
  return {
    to: plain(state.to),
    cc: plain(state.cc),
    bcc: plain(state.bcc),
    subject: state.subject,
    text: state.text,
    html: state.format === 'rich' ? state.html : null,
    attachments: state.attachments.flatMap((item) => (item.upload ? [item.upload.id] : [])),
    source: state.source,
    forwardParts: state.forwarded.map((attachment) => attachment.part),
  };
}

/** The running total the user sees while attaching: files as encoded, plus the body. */
export function estimatedSize(state: ComposeState): number {
  const files = state.attachments.filter((item) => !item.error).reduce((sum, item) => sum + item.encodedSize, 0);
  const forwarded = state.forwarded.reduce((sum, attachment) => sum + base64EncodedSize(attachment.size), 0);
  const body = new TextEncoder().encode(state.text).length + (state.format === 'rich' ? new TextEncoder().encode(state.html).length : 0);
  return files + forwarded + body;
}

export function isEmpty(state: ComposeState): boolean {
  return state.to.length + state.cc.length + state.bcc.length === 0 && !state.subject.trim() && !state.text.trim() && state.attachments.length === 0;
}
