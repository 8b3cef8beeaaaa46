import { useT } from '../lib/i18n/app';

interface LoadErrorProps {
  message: string;
  onRetry: () => void;
  className?: string;
}

/** What every pane shows when its data could not be loaded: the reason, and a way to try again. */
export function LoadError({ message, onRetry, className = 'pane-status' }: LoadErrorProps) {
  const t = useT();
  return (
    <div className={className} role="alert">
      <p>{message}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t('Try again')}
      </button>
    </div>
  );
}
