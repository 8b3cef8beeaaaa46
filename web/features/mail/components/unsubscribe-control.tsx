import type { MessageDetail } from '../../../../shared/api/messages';
import { useUnsubscribe } from '../api/unsubscribe';
import { useT } from '../i18n';
import './privacy.css';

/**
 * "Unsubscribe" for a message from a mailing list. One-click (RFC 8058) and
 * mailto: are done by Tern (the BFF posts or sends the mail); a list that only
 * names a web page gets a link the user opens and follows there themselves,
 * and so does a one-click list whose DKIM signature does not vouch for the
 * address (the BFF says so and posts nothing).
 */
export function UnsubscribeControl({ detail }: { detail: MessageDetail }) {
  const t = useT();
  const options = detail.unsubscribe;
  const unsubscribe = useUnsubscribe(detail.folder, detail.uid);
  if (!options) return null;

  if (!options.oneClick && !options.mailto) {
    if (!options.web) return null;
    return (
      <span className="unsubscribe">
        <a className="button button-quiet" href={options.web} target="_blank" rel="noopener noreferrer">
          {t('Unsubscribe')}
        </a>
        <span className="unsubscribe-hint">{t('Opens the list’s own page in a new tab: you unsubscribe there.')}</span>
      </span>
    );
  }
  return (
    <span className="unsubscribe">
      <button
        type="button"
        className="button button-quiet"
        disabled={unsubscribe.isPending || unsubscribe.isSuccess}
        onClick={() => unsubscribe.mutate()}
      >
        {unsubscribe.isPending ? t('Unsubscribing…') : t('Unsubscribe')}
      </button>
      {unsubscribe.isSuccess && (
        <span className="unsubscribe-result" role="status">
          {unsubscribe.data.message}
          {unsubscribe.data.method === 'unverified' && (
            <>
              {' '}
              <a href={unsubscribe.data.web} target="_blank" rel="noopener noreferrer">
                {t('Open the list’s page')}
              </a>
            </>
          )}
        </span>
      )}
      {unsubscribe.isError && (
        <span className="field-error" role="alert">
          {unsubscribe.error.message}
        </span>
      )}
    </span>
  );
}
