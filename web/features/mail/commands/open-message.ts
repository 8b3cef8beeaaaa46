import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { MessageSummary } from '../../../../shared/api/messages';
import { useMailUiStore } from '../stores/mail-ui-store';
import { runMessageAction } from './message-commands';

/**
 * "Open" a message, from a click, Enter or anywhere else: show it in the
 * reading pane and, if it was unread, mark it read (SPEC §5).
 */
export function useOpenMessage(folder: string) {
  const queryClient = useQueryClient();
  const open = useMailUiStore((s) => s.open);
  return useCallback(
    (index: number, message: MessageSummary) => {
      open(index, message.uid);
      if (!message.flags.seen) {
        const { view } = useMailUiStore.getState();
        void runMessageAction(queryClient, { action: { kind: 'seen-on-open' }, target: { folder, view, uids: [message.uid], count: 1 } });
      }
    },
    [folder, open, queryClient],
  );
}
