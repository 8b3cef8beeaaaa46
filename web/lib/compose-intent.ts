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
  /** The latest request; a new id per request so the same request twice opens twice. */
  pending: (ComposeIntent & { id: number }) | null;
  openCompose: (intent?: ComposeIntent) => void;
  /** The compose host calls this once it has taken the request. */
  take: () => (ComposeIntent & { id: number }) | null;
}

let nextIntentId = 1;

export const useComposeIntent = create<ComposeIntentState>()((set, get) => ({
  pending: null,
  openCompose: (intent = {}) => set({ pending: { ...intent, id: nextIntentId++ } }),
  take: () => {
    const { pending } = get();
    if (pending) set({ pending: null });
    return pending;
  },
}));

/** Opens compose from anywhere (a command, a contact card, a mailto link). */
export function openCompose(intent?: ComposeIntent): void {
  useComposeIntent.getState().openCompose(intent);
}
