import { describe, expect, it } from 'vitest';
import { MESSAGE_TOO_LARGE_TEXT, MAX_ATTACHMENT_RAW_BYTES, base64EncodedSize, normaliseAddress } from '../../shared/api/compose';
import { MAX_ATTACHMENT_ENCODED_BYTES, MAX_MESSAGE_BYTES } from '../../shared/limits';
import { buildMessage, type OutgoingMessage } from '../../server/compose/mime-builder';

const message = (text: string): OutgoingMessage => ({
  from: { name: 'Joy', address: 'joy@mt-example.com' },
  replyTo: null,
  to: [{ name: '', address: 'ada@mt-example.com' }],
  cc: [],
  bcc: [],
  subject: 'Size',
  text,
  html: null,
  attachments: [],
  inReplyTo: null,
  references: [],
});

/** ASCII lines of 70 characters go out as 7bit (each \n as CRLF): a body of exactly this many bytes on the wire. */
function body(bytes: number): string {
  const line = `${'a'.repeat(70)}\n`;
  const full = Math.floor(bytes / 72);
  return line.repeat(full) + 'a'.repeat(bytes - full * 72);
}

/** The built size, also of a message over the limit (the refusal carries it). */
async function wireSize(text: string): Promise<number> {
  try {
    return (await buildMessage(message(text))).raw.length;
  } catch (refusal) {
    return (refusal as { details: { size: number } }).details.size;
  }
}

describe('compose limits', () => {
  it('measures attachments base64-encoded without line breaks, the same rule in browser and BFF', () => {
    expect(base64EncodedSize(0)).toBe(0);
    expect(base64EncodedSize(1)).toBe(4);
    expect(base64EncodedSize(3)).toBe(4);
    expect(base64EncodedSize(MAX_ATTACHMENT_RAW_BYTES)).toBe(MAX_ATTACHMENT_ENCODED_BYTES);
    expect(base64EncodedSize(MAX_ATTACHMENT_RAW_BYTES + 1)).toBeGreaterThan(MAX_ATTACHMENT_ENCODED_BYTES);
  });

  // Builds 10 MB messages a few times: seconds on a busy machine.
  it('builds a message of exactly 10,485,760 bytes and refuses one of 10,485,761 with the guide\'s text', { timeout: 30_000 }, async () => {
    // The framing around the body depends a little on its size (nodemailer picks the encoding): home in on the target.
    let bytes = MAX_MESSAGE_BYTES - 300;
    for (let attempt = 0; attempt < 5; attempt++) {
      const size = await wireSize(body(bytes));
      if (size === MAX_MESSAGE_BYTES) break;
      bytes += MAX_MESSAGE_BYTES - size;
    }
    const text = body(bytes);
    const built = await buildMessage(message(text));
    expect(built.raw.length).toBe(MAX_MESSAGE_BYTES);
    await expect(buildMessage(message(`${text}a`))).rejects.toMatchObject({ code: 'too_large', message: MESSAGE_TOO_LARGE_TEXT, details: { size: MAX_MESSAGE_BYTES + 1 } });
  });

  it('keeps Bcc out of a sent message but in a draft, and names every recipient in the envelope', async () => {
    const withBcc = { ...message('Hi'), bcc: [{ name: '', address: 'hidden@mt-example.com' }] };
    const sent = await buildMessage(withBcc);
    expect(sent.raw.toString()).not.toMatch(/^Bcc:/im);
    expect(sent.envelope.to).toEqual(['ada@mt-example.com', 'hidden@mt-example.com']);
    expect((await buildMessage(withBcc, { forDraft: true })).raw.toString()).toMatch(/^Bcc: hidden@mt-example\.com/im);
  });

  it('cannot be made to add headers through the subject, a name or a filename', async () => {
    const built = await buildMessage({
      ...message('Hi'),
      subject: 'Hello\r\nBcc: spy@example.com',
      to: [{ name: 'Ada\r\nX-Injected: 1', address: 'ada@mt-example.com' }],
      attachments: [{ filename: 'a.txt\r\nX-Evil: 1', contentType: 'text/plain', content: Buffer.from('x') }],
    });
    const raw = built.raw.toString();
    expect(raw).not.toMatch(/^Bcc:/im);
    expect(raw).not.toMatch(/^X-Injected:/im);
    expect(raw).not.toMatch(/^X-Evil:/im);
  });

  it('accepts RFC 5322 addresses with IDN domains (as ASCII) and refuses malformed ones', () => {
    expect(normaliseAddress(' Ada.Lovelace+tern@Bücher.example ')).toBe('Ada.Lovelace+tern@xn--bcher-kva.example');
    for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a b@example.com', 'ada@exa mple.com', 'ada@-example.com']) {
      expect(normaliseAddress(bad), bad).toBeNull();
    }
  });
});
