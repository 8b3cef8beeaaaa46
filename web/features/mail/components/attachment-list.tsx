import type { Attachment, MessageDetail } from '../../../../shared/api/messages';
import { formatBytes } from '../../../lib/format';
import { attachmentUrl } from '../api/attachment-url';
import { msg } from '../../../lib/i18n/i18n';
import { t, useT } from '../i18n';
import { DownloadIcon, FileIcon } from './icons';

const KNOWN_TYPES: Array<[RegExp, string]> = [
  [/^application\/pdf$/, msg('PDF')],
  [/spreadsheet|excel|^text\/csv$/, msg('Spreadsheet')],
  [/wordprocessing|msword|opendocument\.text/, msg('Document')],
  [/presentation|powerpoint/, msg('Presentation')],
  [/zip|compressed|x-tar|gzip|x-7z/, msg('Archive')],
  [/^text\/calendar$/, msg('Calendar event')],
  [/^text\/(?:x-)?vcard$/, msg('Contact card')],
  [/^message\/rfc822$/, msg('Email message')],
  [/^text\/plain$/, msg('Text')],
  [/^text\/html$/, msg('Web page')],
];

/** What a person calls the file ("PDF", "PNG image"), in the UI's language; the MIME type goes in the tooltip. */
export function describeType({ contentType, filename }: Pick<Attachment, 'contentType' | 'filename'>): string {
  const type = contentType.toLowerCase();
  const known = KNOWN_TYPES.find(([pattern]) => pattern.test(type));
  if (known) return t(known[1]);
  const [major, minor = ''] = type.split('/');
  const format = minor.replace(/^x-/, '').split(/[+.;]/)[0]?.toUpperCase();
  if (major === 'image') return t('{{format}} image', { format });
  if (major === 'audio') return t('{{format}} audio', { format });
  if (major === 'video') return t('{{format}} video', { format });
  const extension = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1];
  return extension ? t('{{format}} file', { format: extension.toUpperCase() }) : t('File');
}

/** Downloads only: the server answers with Content-Disposition: attachment, never inline content. */
export function AttachmentList({ detail }: { detail: MessageDetail }) {
  const t = useT();
  if (detail.attachments.length === 0) return null;
  return (
    <section className="attachments" aria-label={t('Attachments')}>
      <ul>
        {detail.attachments.map((attachment) => {
          const name = attachment.filename || t('Untitled attachment');
          return (
            <li key={attachment.part}>
              <a
                className="attachment"
                href={attachmentUrl(detail.folder, detail.uid, attachment.part)}
                download={attachment.filename}
                title={t('Download {{name}} ({{type}})', { name, type: attachment.contentType })}
              >
                <FileIcon />
                <span className="attachment-text">
                  <span className="attachment-name">{name}</span>
                  <span className="attachment-meta">
                    {describeType(attachment)} · {formatBytes(attachment.size)}
                  </span>
                </span>
                <DownloadIcon />
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
