import { Fragment, Suspense, useEffect, useState, type ReactNode } from 'react';
import type { Address, MessageDetail } from '../../../../shared/api/messages';
import { formatBytes, formatFullDate } from '../../../lib/format';
import { useMessage, useWholeMessage } from '../api/get-message';
import { EditDraftAction } from './edit-draft-action';
import { useMessageHeaderExtensions } from '../../../lib/message-header-extensions';
import { AttachmentList } from './attachment-list';
import { MessageToolsMenu } from './message-tools-menu';
import { InvitationCards } from './invitation-card';
import { PlainTextBody } from './plain-text-body';
import { UnsubscribeControl } from './unsubscribe-control';
import { LoadError } from '../../../components/load-error';
import { preloadable } from '../../../lib/preloadable';
import { msg } from '../../../lib/i18n/i18n';
import { listSeparators } from '../../../lib/i18n/lists';
import { useT } from '../i18n';

// The HTML path (DOMPurify, the sanitiser, the frame) is a good part of a bundle
// nobody needs before opening a message: it loads at idle once the list is up
// (MailPage), so the first open neither waits for it nor flashes a fallback.
const htmlBody = preloadable(() => import('./html-body').then((m) => m.HtmlBody));
const HtmlBody = htmlBody.Component;
export const preloadReader = htmlBody.preload;

/** The addresses as the language lists them; `more` (a button for the rest) as the list's last item. */
function AddressList({ addresses, more }: { addresses: Address[]; more?: ReactNode }) {
  const separators = listSeparators(addresses.length + (more ? 1 : 0));
  return (
    <>
      {addresses.map((a, i) => (
        <Fragment key={`${a.address}-${i}`}>
          {/* Isolated, in the direction of its own text: a Latin name with its <address> stays readable in the Arabic UI. */}
          <span className="address" title={a.address} dir="auto">
            {a.name ? (
              <>
                {a.name} <span className="address-email" dir="ltr">&lt;{a.address}&gt;</span>
              </>
            ) : (
              a.address
            )}
          </span>
          {/* Outside the isolated name: the language's "، و" runs in the page's direction, not the address's. */}
          {separators[i]}
        </Fragment>
      ))}
      {more}
    </>
  );
}

/** A stranger's mail can name a thousand recipients: the first few, and the rest on request. */
const ADDRESSES_SHOWN = 10;

function CollapsedAddresses({ addresses }: { addresses: Address[] }) {
  const t = useT();
  const [all, setAll] = useState(false);
  const hidden = addresses.length - ADDRESSES_SHOWN;
  if (all || hidden <= 0) return <AddressList addresses={addresses} />;
  return (
    <AddressList
      addresses={addresses.slice(0, ADDRESSES_SHOWN)}
      more={
        <button type="button" className="button button-quiet button-small more-addresses" onClick={() => setAll(true)}>
          {t('{{count, number}} more', { count: hidden })}
        </button>
      }
    />
  );
}

/** Past this a subject is cut to a few lines (CSS), so a sender cannot push who sent it and the body out of sight. */
const SUBJECT_CUT_CHARS = 300;

export function Subject({ text, className = 'message-subject' }: { text: string; className?: string }) {
  const t = useT();
  const [whole, setWhole] = useState(false);
  const long = text.length > SUBJECT_CUT_CHARS;
  return (
    <>
      <h2 className={long && !whole ? `${className} is-cut` : className}>{text}</h2>
      {long && (
        <button type="button" className="button button-quiet button-small whole-subject" aria-expanded={whole} onClick={() => setWhole(!whole)}>
          {whole ? t('Show less of the subject') : t('Show the whole subject')}
        </button>
      )}
    </>
  );
}

/** From, To, Cc and Date; the print view shows the same, every address of it. */
export function MessageMeta({ detail, everyAddress = false }: { detail: MessageDetail; everyAddress?: boolean }) {
  const t = useT();
  const rows: Array<[string, Address[]]> = [
    [msg('From'), detail.from ? [detail.from] : []],
    [msg('To'), detail.to],
    [msg('Cc'), detail.cc],
  ];
  return (
    <dl className="message-meta">
      {rows
        .filter(([, addresses]) => addresses.length > 0)
        .map(([label, addresses]) => (
          <div key={label}>
            <dt>{t(label)}</dt>
            <dd>
              {everyAddress ? <AddressList addresses={addresses} /> : <CollapsedAddresses addresses={addresses} />}
            </dd>
          </div>
        ))}
      <div>
        <dt>{t('Date')}</dt>
        <dd>
          <time dateTime={detail.date}>{formatFullDate(detail.date)}</time>
        </dd>
      </div>
    </dl>
  );
}

function MessageHeaders({ detail }: { detail: MessageDetail }) {
  const t = useT();
  const extensions = useMessageHeaderExtensions();
  return (
    <header className="message-header">
      <Subject text={detail.subject || t('(no subject)')} />
      <MessageMeta detail={detail} />
      {extensions.map((Extension, index) => (
        <Extension key={index} detail={detail} />
      ))}
      <MessageToolsMenu detail={detail} />
      <UnsubscribeControl detail={detail} />
    </header>
  );
}

/** The body as the reading pane shows it (the sanitised frame, or plain text); print shows the same. */
export function BodyContent({ detail }: { detail: MessageDetail }) {
  const t = useT();
  if (detail.html !== null) {
    return (
      <Suspense fallback={<p className="pane-status">{t('Loading message…')}</p>}>
        <HtmlBody detail={detail} html={detail.html} />
      </Suspense>
    );
  }
  if (detail.text !== null) return <PlainTextBody text={detail.text} />;
  return <p className="message-empty-body">{t('This message has no text.')}</p>;
}

/** A long message comes cut to its start (BODY_PREVIEW_CHARS); the rest is fetched when the user asks. */
function MessageBody({ detail }: { detail: MessageDetail }) {
  const t = useT();
  const [wantWhole, setWantWhole] = useState(false);
  const whole = useWholeMessage(detail.folder, detail.uid, wantWhole && detail.fullBodyLength !== null);
  const shown = whole.data ?? detail;
  return (
    <>
      <BodyContent detail={shown} />
      {shown.fullBodyLength !== null && (
        <div className="long-body-notice">
          <span role="status">
            {whole.isError
              ? t('The rest of this message could not be loaded: {{error}}', { error: whole.error.message })
              : t('Only the start of this long message is shown (about {{size}} in all).', { size: formatBytes(shown.fullBodyLength) })}
          </span>
          <button type="button" className="button button-small" disabled={whole.isFetching} onClick={() => (wantWhole ? void whole.refetch() : setWantWhole(true))}>
            {t('Show the whole message')}
          </button>
        </div>
      )}
    </>
  );
}

export function MessageView({ folder, uid }: { folder: string; uid: number }) {
  const t = useT();
  const message = useMessage(folder, uid);
  useEffect(() => {
    void preloadReader();
  }, []);
  if (message.isPending) {
    return (
      <p className="pane-status" role="status">
        {t('Loading message…')}
      </p>
    );
  }
  if (message.isError) {
    return <LoadError message={message.error.message} onRetry={() => void message.refetch()} />;
  }
  return (
    <article className="message" aria-label={message.data.subject || t('(no subject)')}>
      <MessageHeaders detail={message.data} />
      <EditDraftAction detail={message.data} />
      <AttachmentList detail={message.data} />
      <InvitationCards detail={message.data} />
      <div className="message-body">
        <MessageBody key={`${folder}:${uid}`} detail={message.data} />
      </div>
    </article>
  );
}
