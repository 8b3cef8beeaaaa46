import type { DeleteRequest, MoveRequest, MoveResult, SetFlagsRequest, SpamRequest } from '../../../../shared/api/actions';
import { moveResultSchema } from '../../../../shared/api/actions';
import { request } from '../../../lib/api-client';

/** The message actions of the API, one request each; the commands decide when and how to show them. */

export function setFlags(body: SetFlagsRequest): Promise<void> {
  return request('/api/messages/flags', { method: 'POST', body });
}

export function moveMessages(body: MoveRequest): Promise<MoveResult> {
  return request('/api/messages/move', { method: 'POST', body, schema: moveResultSchema });
}

export function deleteMessages(body: DeleteRequest): Promise<MoveResult> {
  return request('/api/messages/delete', { method: 'POST', body, schema: moveResultSchema });
}

export function reportSpam(body: SpamRequest): Promise<MoveResult> {
  return request('/api/messages/spam', { method: 'POST', body, schema: moveResultSchema });
}

export function reportNotSpam(body: SpamRequest): Promise<MoveResult> {
  return request('/api/messages/not-spam', { method: 'POST', body, schema: moveResultSchema });
}
