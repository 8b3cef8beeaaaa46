import {
  outboxAttentionSchema,
  outboxEntrySchema,
  resumedDraftSchema,
  savedDraftSchema,
  uploadSchema,
  type OutboxEntry,
  type ResumedDraft,
  type SaveDraftRequest,
  type SavedDraft,
  type SendRequest,
  type Upload,
} from '../../../../shared/api/compose';
import { errorBodySchema } from '../../../../shared/error-body';
import { recipientSuggestionsResponseSchema, type RecipientSuggestion } from '../../../../shared/api/recipients';
import { CSRF_HEADER } from '../../../../shared/api/session';
import { ApiError, apiPath, request } from '../../../lib/api-client';
import { t } from '../i18n';

export function sendMessage(body: SendRequest): Promise<OutboxEntry> {
  return request('/api/compose/send', { method: 'POST', body, schema: outboxEntrySchema });
}

export function getOutboxEntry(id: string): Promise<OutboxEntry> {
  return request(`/api/compose/outbox/${id}`, { schema: outboxEntrySchema });
}

/** Messages waiting to retry, failed or uncertain, that the user has not dismissed (the outbox notice). */
export async function getOutboxAttention(): Promise<OutboxEntry[]> {
  return (await request('/api/compose/outbox', { schema: outboxAttentionSchema })).entries;
}

export function dismissOutboxEntry(id: string): Promise<OutboxEntry> {
  return request(`/api/compose/outbox/${id}/dismiss`, { method: 'POST', schema: outboxEntrySchema });
}

/** "Undo": takes the message out of the outbox before it goes. */
export function undoSend(id: string): Promise<OutboxEntry> {
  return request(`/api/compose/outbox/${id}`, { method: 'DELETE', schema: outboxEntrySchema });
}

export function saveDraft(body: SaveDraftRequest): Promise<SavedDraft> {
  return request('/api/compose/drafts', { method: 'POST', body, schema: savedDraftSchema });
}

export function resumeDraft(folder: string, uid: number): Promise<ResumedDraft> {
  return request(apiPath(`/api/compose/drafts/${uid}`, { folder }), { schema: resumedDraftSchema });
}

export function deleteDraft(uid: number): Promise<void> {
  return request(`/api/compose/drafts/${uid}`, { method: 'DELETE' });
}

export async function suggestRecipients(query: string, signal?: AbortSignal): Promise<RecipientSuggestion[]> {
  return (await request(apiPath('/api/compose/recipients', { q: query }), { schema: recipientSuggestionsResponseSchema, signal })).suggestions;
}

export function deleteUpload(id: string): Promise<void> {
  return request(`/api/uploads/${id}`, { method: 'DELETE' });
}

/**
 * Uploads one file as the raw request body. XMLHttpRequest rather than
 * fetch: only it reports upload progress (the progress bar, SPEC §6).
 */
export function uploadFile(file: File, csrfToken: string, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiPath('/api/uploads', { filename: file.name }));
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader(CSRF_HEADER, csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      const upload = uploadSchema.safeParse(body);
      if (xhr.status === 201 && upload.success) return resolve(upload.data);
      const error = errorBodySchema.safeParse(body);
      reject(error.success ? new ApiError(xhr.status, error.data.code, error.data.message) : new ApiError(xhr.status, 'internal', t('The upload failed ({{status}}).', { status: xhr.status })));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', t('Tern cannot reach its server. Check your connection and try again.')));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
