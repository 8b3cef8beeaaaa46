import { create } from 'zustand';
import type { Address } from '../../shared/api/messages';

/** What a reply, reply-all or forward answers: the original message. */
export interface ComposeSource {
  folder: string;
  uid: number;
  mode: 'reply' | 'replyAll' | 'forward';
}

/**
 * A request to open the compose window. Other features (the mailbox, contacts)
 * open compose through this store without importing the compose feature; the
 * compose host mounted in the shell picks the request up.
 */
export interface ComposeIntent {
  to?: Address[];
  cc?: Address[];
  bcc?: Address[];
  subject?: string;
  /** Plain text to start the body with. */
  body?: string;
  replyTo?: ComposeSource;
  /** Resume this saved draft (with its attachments). */
  draft?: { folder: string; uid: number };
}

interface ComposeIntentState {
  /** The compose window's request while it is open; a new id per request. */
  pending: (ComposeIntent & { id: number }) | null;
  /** Opens compose; while a message is being written the request waits for it (one window at a time). */
  openCompose: (intent?: ComposeIntent) => void;
  /** The compose host calls this when its window closes. */
  close: () => void;
}

let nextIntentId = 1;

export const useComposeIntent = create<ComposeIntentState>()((set) => ({
  pending: null,
  openCompose: (intent = {}) => set((state) => (state.pending ? state : { pending: { ...intent, id: nextIntentId++ } })),
  close: () => set({ pending: null }),
}));

/** Opens compose from anywhere (a command, a contact card, a mailto link). */
export function openCompose(intent?: ComposeIntent): void {
  useComposeIntent.getState().openCompose(intent);
}
