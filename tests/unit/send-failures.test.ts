import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MESSAGE_TOO_LARGE_TEXT } from '../../shared/api/compose';
import { readCapped } from '../../server/compose/message-preparation';
import { toSendError } from '../../server/mail/smtp/smtp-submission';

/** What nodemailer's errors carry. */
function smtpError(fields: { code?: string; responseCode?: number; response?: string }): Error {
  return Object.assign(new Error(fields.response ?? fields.code ?? 'failed'), fields);
}

describe('which SMTP failures are retried', () => {
  it.each([
    ['no connection', { code: 'ECONNREFUSED' }, false, 'temporary'],
    ['a timeout before the message went out', { code: 'ETIMEDOUT' }, false, 'temporary'],
    ['a 4xx answer', { code: 'EENVELOPE', responseCode: 451, response: '451 4.3.0 Try again later' }, true, 'temporary'],
    ['a 5xx answer', { code: 'EENVELOPE', responseCode: 554, response: '554 5.7.1 Access denied' }, false, 'permanent'],
    ['a refused password', { code: 'EAUTH', responseCode: 535 }, false, 'permanent'],
    ['a broken connection after the whole message went out', { code: 'ETIMEDOUT' }, true, 'uncertain'],
  ] as const)('%s is %s', (_name, fields, handedOver, outcome) => {
    expect(toSendError(smtpError(fields), handedOver).outcome).toBe(outcome);
  });

  it('gives the server\'s own reason for a refusal', () => {
    expect(toSendError(smtpError({ responseCode: 554, response: '554 5.7.1 <x@y.example>: Recipient address rejected' })).message).toBe(
      'The mail server refused the message: 554 5.7.1 <x@y.example>: Recipient address rejected',
    );
  });
});

describe('reading a forwarded part with a cap', () => {
  it('stops reading a huge part as soon as it cannot fit, without reading it whole', async () => {
    let produced = 0;
    const chunk = Buffer.alloc(64 * 1024, 1);
    // 64 MB if read whole.
    const huge = Readable.from(
      (function* () {
        for (let index = 0; index < 1024; index++) {
          produced += chunk.length;
          yield chunk;
        }
      })(),
    );
    await expect(readCapped(huge, 10_485_760)).rejects.toMatchObject({ code: 'too_large', message: MESSAGE_TOO_LARGE_TEXT });
    // 10 MB encoded is 7.5 MB of file: reading stopped there, not at 64 MB.
    expect(produced).toBeLessThan(8 * 1024 * 1024);
    expect(huge.destroyed).toBe(true);
  });

  it('reads a part that fits whole', async () => {
    const bytes = Buffer.from('a small attachment');
    expect(await readCapped(Readable.from([bytes]), 1000)).toEqual(bytes);
  });
});
