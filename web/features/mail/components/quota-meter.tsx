import type { CSSProperties } from 'react';
import type { Quota } from '../../../../shared/api/folders';
import { formatBytes } from '../../../lib/format';
import { useT } from '../i18n';

/** "812 MB of 1 GB", with a bar; shown only where the server reports a quota. */
export function QuotaMeter({ quota }: { quota: Quota }) {
  const t = useT();
  const used = Math.min(1, quota.usedBytes / quota.limitBytes);
  const level = used >= 0.95 ? 'is-full' : used >= 0.8 ? 'is-high' : '';
  return (
    <div className={`quota ${level}`}>
      <div className="quota-bar" aria-hidden="true">
        <span style={{ '--used': `${(used * 100).toFixed(1)}%` } as CSSProperties} />
      </div>
      <p className="quota-text">
        <span className="visually-hidden">{t('Mailbox usage:')} </span>
        <span>{t('{{used}} of {{limit}}', { used: formatBytes(quota.usedBytes), limit: formatBytes(quota.limitBytes) })}</span>
      </p>
    </div>
  );
}
