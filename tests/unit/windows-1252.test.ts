import { describe, expect, it } from 'vitest';
import { readMessageBody } from '../../server/mail/imap/message-body';

// Outlook's 8-bit mail: curly quotes, dashes and € are bytes 0x80–0x9F in Windows-1252.
const OUTLOOK_BYTES = Buffer.from([0x93, 0x51, 0x75, 0x6f, 0x74, 0x65, 0x94, 0x20, 0x96, 0x20, 0x31, 0x30, 0x80, 0x20, 0x85]);

function message(charset: string, body: Buffer, subject = 'Hello'): Buffer {
  const header = `From: a@example.com\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`;
  return Buffer.concat([Buffer.from(header, 'latin1'), body]);
}

describe('Windows-1252 mail', () => {
  it.each(['windows-1252', 'cp1252', 'iso-8859-1', 'us-ascii'])('shows curly quotes, dashes and € for charset=%s, as the Encoding standard reads it', async (charset) => {
    const { text } = await readMessageBody(message(charset, OUTLOOK_BYTES), 'preview');
    expect(text?.trim()).toBe('“Quote” – 10€ …');
  });

  it('decodes an encoded-word subject in Windows-1252 the same way', async () => {
    const { parsed } = await readMessageBody(message('utf-8', Buffer.from('body'), '=?windows-1252?Q?=93Sale=94_=80?='), 'preview');
    expect(parsed?.subject).toBe('“Sale” €');
  });

  it('leaves UTF-8 and other charsets alone', async () => {
    expect((await readMessageBody(message('utf-8', Buffer.from('“ok” – €', 'utf8')), 'preview')).text?.trim()).toBe('“ok” – €');
    expect((await readMessageBody(message('iso-8859-15', Buffer.from([0xa4])), 'preview')).text?.trim()).toBe('€');
  });
});
