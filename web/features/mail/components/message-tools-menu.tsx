import { lazy, Suspense, useState } from 'react';
import type { MessageDetail } from '../../../../shared/api/messages';
import { MenuButton } from '../../../components/menu-button';
import { emlUrl, standaloneMessagePath } from '../api/message-source';
import type { SourceViewKind } from './source-view';
import { useT } from '../i18n';

// Neither is needed to read a message: their code arrives when first chosen.
const SourceView = lazy(() => import('./source-view'));
const PrintView = lazy(() => import('./print-view'));

/** A download by the browser itself: the BFF's Content-Disposition names the file. */
function download(url: string) {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.click();
}

/** "More" in the reading pane: the message tools (SPEC §5): source, headers, .eml, print, a window of its own. */
export function MessageToolsMenu({ detail }: { detail: MessageDetail }) {
  const t = useT();
  const [shown, setShown] = useState<SourceViewKind | 'print' | null>(null);
  const close = () => setShown(null);
  const items = () => [
    { label: t('View source'), onSelect: () => setShown('source') },
    { label: t('Show all headers'), onSelect: () => setShown('headers') },
    { label: t('Download (.eml)'), onSelect: () => download(emlUrl(detail.folder, detail.uid)) },
    { label: t('Print'), onSelect: () => setShown('print') },
    { label: t('Open in new window'), onSelect: () => window.open(standaloneMessagePath(detail.folder, detail.uid), '_blank', 'noopener') },
  ];
  return (
    <>
      <MenuButton label={t('More message tools')} className="button button-quiet message-tools" items={items}>
        {t('More')}
      </MenuButton>
      {shown && (
        <Suspense fallback={null}>
          {shown === 'print' ? (
            <PrintView detail={detail} onClose={close} />
          ) : (
            <SourceView folder={detail.folder} uid={detail.uid} kind={shown} onClose={close} />
          )}
        </Suspense>
      )}
    </>
  );
}
