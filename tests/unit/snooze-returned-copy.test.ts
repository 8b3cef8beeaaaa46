import { describe, expect, it } from 'vitest';
import { returnedCopy } from '../../server/mail/imap/snooze-mail';

const back = new Date(Date.UTC(2026, 11, 3, 9, 0, 0));

describe('the copy a snoozed message comes back as', () => {
  it('says when it came back in Date, keeps the original Date, names the snooze, and leaves the rest byte for byte', () => {
    const raw = Buffer.from(
      'Received: from mx by tern\r\n\tfor <joy@example.com>; Mon, 4 Jan 2021 10:00:00 +0000\r\nDate: Fri, 1 Jan 2021\r\n 10:00:00 +0000\r\nSubject: Caf\xe9\r\n\r\nBody line\r\nDate: not a header\r\n',
      'latin1',
    );
    const copy = returnedCopy(raw, 'id-1', back).toString('latin1');
    expect(copy).toBe(
      'Received: from mx by tern\r\n\tfor <joy@example.com>; Mon, 4 Jan 2021 10:00:00 +0000\r\nSubject: Caf\xe9\r\n' +
        'Date: Thu, 03 Dec 2026 09:00:00 +0000\r\nX-Tern-Snooze: id-1\r\nX-Tern-Original-Date: Fri, 1 Jan 2021\r\n 10:00:00 +0000\r\n\r\nBody line\r\nDate: not a header\r\n',
    );
  });

  it('keeps the first original Date when snoozed again, and handles bare LF and a message without a body', () => {
    const once = returnedCopy(Buffer.from('Date: Fri, 1 Jan 2021 10:00:00 +0000\nSubject: x', 'latin1'), 'id-1', new Date(Date.UTC(2025, 0, 1)));
    const twice = returnedCopy(once, 'id-2', back).toString('latin1');
    expect(twice).toBe('Subject: x\nDate: Thu, 03 Dec 2026 09:00:00 +0000\nX-Tern-Snooze: id-2\nX-Tern-Original-Date: Fri, 1 Jan 2021 10:00:00 +0000\n\n');
  });
});
