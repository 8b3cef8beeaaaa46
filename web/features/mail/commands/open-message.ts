import { useCallback } from 'react';
import type { MessageSummary } from '../../../../shared/api/messages';
import { useSetSeen } from '../api/set-seen';
import { useMailUiStore } from '../stores/mail-ui-store';

/**
 * "Open" a message, from a click, Enter or anywhere else: show it in the
 * reading pane and, if it was unread, mark it read (SPEC §5).
 */
export function useOpenMessage(folder: string) {
  const open = useMailUiStore((s) => s.open);
  const setSeen = useSetSeen();
  const { mutate } = setSeen;
  return useCallback(
    (index: number, message: MessageSummary) => {
      open(index, message.uid);
      if (!message.flags.seen) mutate({ folder, uids: [message.uid], seen: true });
    },
    [folder, open, mutate],
  );
}
