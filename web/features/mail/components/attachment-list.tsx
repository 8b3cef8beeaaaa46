import type { Attachment, MessageDetail } from '../../../../shared/api/messages';
import { formatBytes } from '../../../lib/format';
import { attachmentUrl } from '../api/attachment-url';
import { DownloadIcon, FileIcon } from './icons';

const KNOWN_TYPES: Array<[RegExp, string]> = [
  [/^application\/pdf$/, 'PDF'],
  [/spreadsheet|excel|^text\/csv$/, 'Spreadsheet'],
  [/wordprocessing|msword|opendocument\.text/, 'Document'],
  [/presentation|powerpoint/, 'Presentation'],
  [/zip|compressed|x-tar|gzip|x-7z/, 'Archive'],
  [/^text\/calendar$/, 'Calendar event'],
  [/^text\/(?:x-)?vcard$/, 'Contact card'],
  [/^message\/rfc822$/, 'Email message'],
  [/^text\/plain$/, 'Text'],
  [/^text\/html$/, 'Web page'],
];

/** What a person calls the file ("PDF", "PNG image"); the MIME type goes in the tooltip. */
export function describeType({ contentType, filename }: Pick<Attachment, 'contentType' | 'filename'>): string {
  const type = contentType.toLowerCase();
  const known = KNOWN_TYPES.find(([pattern]) => pattern.test(type));
  if (known) return known[1];
  const [major, minor = ''] = type.split('/');
  if (major === 'image' || major === 'audio' || major === 'video') {
    return `${minor.replace(/^x-/, '').split(/[+.;]/)[0]?.toUpperCase()} ${major}`;
  }
  const extension = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1];
  return extension ? `${extension.toUpperCase()} file` : 'File';
}

/** Downloads only: the server answers with Content-Disposition: attachment, never inline content. */
export function AttachmentList({ detail }: { detail: MessageDetail }) {
  if (detail.attachments.length === 0) return null;
  return (
    <section className="attachments" aria-label="Attachments">
      <ul>
        {detail.attachments.map((attachment) => {
          const name = attachment.filename || 'Untitled attachment';
          return (
            <li key={attachment.part}>
              <a
                className="attachment"
                href={attachmentUrl(detail.folder, detail.uid, attachment.part)}
                download={attachment.filename}
                title={`Download ${name} (${attachment.contentType})`}
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
