/// <reference types="vite-plugin-pwa/react" />
import { useRegisterSW } from 'virtual:pwa-register/react';
import { useComposeIntent } from '../lib/compose-intent';
import { useT } from '../lib/i18n/app';

/**
 * Registers the service worker and, when a new version of Tern has been
 * downloaded, says so. The new version never takes over on its own: the user
 * reloads when ready, and not while writing a message (its window would go).
 * Loaded after the first screen (app.tsx), only where service workers exist.
 */
export default function UpdatePrompt() {
  const t = useT();
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  const writing = useComposeIntent((state) => state.pending !== null);
  const reload = () => {
    // workbox-window reloads only pages that had a worker when they loaded;
    // a page of the very first visit reloads here, once the new worker takes over.
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    void updateServiceWorker(true);
  };
  return (
    <div className="update-prompt-region" role="status">
      {needRefresh && (
        <div className="update-prompt">
          <span>{writing ? t('A new version of Tern is ready. Reload once this message is sent or closed.') : t('A new version of Tern is ready.')}</span>
          <button type="button" className="button button-primary" disabled={writing} onClick={reload}>
            {t('Reload to update')}
          </button>
        </div>
      )}
    </div>
  );
}
