import { useEffect, useState } from 'react';
import { TOAST_MS, useToastStore, type Toast } from '../stores/toast-store';
import { CloseIcon } from './icons';
import { useT } from '../i18n';

function ToastItem({ toast }: { toast: Toast }) {
  const t = useT();
  const dismiss = useToastStore((s) => s.dismiss);
  // Reading or reaching for "Undo" holds the toast.
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [held, dismiss, toast.id]);
  return (
    <div
      className={toast.tone === 'error' ? 'toast is-error' : 'toast'}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span className="toast-message">{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          className="toast-action"
          onClick={() => {
            dismiss(toast.id);
            toast.action?.run();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="toast-close" aria-label={t('Dismiss')} onClick={() => dismiss(toast.id)}>
        <CloseIcon />
      </button>
    </div>
  );
}

/** Outcomes of mail commands, with "Undo" where it can be undone; errors are announced at once. */
export function ToastHost() {
  const toasts = useToastStore((s) => s.toasts);
  return (
    <div className="toasts">
      <div role="status" aria-live="polite">
        {toasts
          .filter((t) => t.tone === 'info')
          .map((toast) => (
            <ToastItem key={toast.id} toast={toast} />
          ))}
      </div>
      <div role="alert">
        {toasts
          .filter((t) => t.tone === 'error')
          .map((toast) => (
            <ToastItem key={toast.id} toast={toast} />
          ))}
      </div>
    </div>
  );
}
