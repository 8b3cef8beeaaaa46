import { createContext, useContext, type ComponentType } from 'react';
import type { MessageDetail } from '../../shared/api/messages';

/**
 * What other features add to an open message's header ("Add to contacts",
 * "Create filter"): the app shell names them, the mail view shows them, and
 * no feature imports another (issue 15).
 */
export type MessageHeaderExtension = ComponentType<{ detail: MessageDetail }>;

const MessageHeaderExtensionsContext = createContext<readonly MessageHeaderExtension[]>([]);

export const MessageHeaderExtensionsProvider = MessageHeaderExtensionsContext.Provider;

export function useMessageHeaderExtensions(): readonly MessageHeaderExtension[] {
  return useContext(MessageHeaderExtensionsContext);
}
