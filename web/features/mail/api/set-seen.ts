import type { SetSeenRequest } from '../../../../shared/api/messages';
import { request } from '../../../lib/api-client';

/** Marks messages read or unread; opening a message uses it (the commands own the cache update). */
export function setSeen(body: SetSeenRequest): Promise<void> {
  return request('/api/messages/seen', { method: 'POST', body });
}
