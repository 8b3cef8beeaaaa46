import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  /** Errors are announced at once (role=alert); the rest politely. */
  tone: 'info' | 'error';
  action?: { label: string; run: () => void };
}

/** How long a toast stays: long enough to reach "Undo" (guide-style ~6 s). */
export const TOAST_MS = 6000;
const MAX_TOASTS = 3;

interface ToastState {
  toasts: Toast[];
  show: (toast: Omit<Toast, 'id'>) => number;
  dismiss: (id: number) => void;
  reset: () => void;
}

let nextId = 1;

export const useToastStore = create<ToastState>()((set) => ({
  toasts: [],
  show: (toast) => {
    const id = nextId++;
    set(({ toasts }) => ({ toasts: [...toasts, { ...toast, id }].slice(-MAX_TOASTS) }));
    return id;
  },
  dismiss: (id) => set(({ toasts }) => ({ toasts: toasts.filter((t) => t.id !== id) })),
  reset: () => set({ toasts: [] }),
}));

export function showToast(toast: Omit<Toast, 'id'>): number {
  return useToastStore.getState().show(toast);
}
