import { lazy, Suspense, useState } from 'react';
import type { MessageDetail } from '../../../../shared/api/messages';
import { MenuButton } from '../../../components/menu-button';
import { emlUrl, standaloneMessagePath } from '../api/message-source';
import type { SourceViewKind } from './source-view';

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
  const [shown, setShown] = useState<SourceViewKind | 'print' | null>(null);
  const close = () => setShown(null);
  return (
    <>
      <MenuButton
        label="More message tools"
        className="button button-quiet message-tools"
        items={() => [
          { label: 'View source', onSelect: () => setShown('source') },
          { label: 'Show all headers', onSelect: () => setShown('headers') },
          { label: 'Download (.eml)', onSelect: () => download(emlUrl(detail.folder, detail.uid)) },
          { label: 'Print', onSelect: () => setShown('print') },
          { label: 'Open in new window', onSelect: () => window.open(standaloneMessagePath(detail.folder, detail.uid), '_blank', 'noopener') },
        ]}
      >
        More
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
