import { describe, expect, it } from 'vitest';
import { revealBidiControls, senderTextSchema } from '../../shared/bidi';
import { messageSummarySchema } from '../../shared/api/messages';

describe("a stranger's text is shown in its logical order", () => {
  it('drops the overrides, embeddings and isolates that would reorder it', () => {
    expect(senderTextSchema.parse('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(senderTextSchema.parse('\u202Bשלום\u202C \u2066world\u2069 \u2067x\u2068y\u2069')).toBe('שלום world xy');
  });

  it('keeps the marks right-to-left text needs, and text without controls as it is', () => {
    expect(senderTextSchema.parse('שלום\u200F!')).toBe('שלום\u200F!');
    expect(senderTextSchema.parse('مرحبا بكم')).toBe('مرحبا بكم');
  });

  it('applies to what the list shows: the subject and the sender', () => {
    const summary = messageSummarySchema.parse({
      uid: 1,
      from: { name: '\u202Emoc.knab@ecivres', address: 'mallory@evil.test' },
      to: [],
      subject: 'Re\u202E: txt.exe',
      date: '2026-12-01T10:00:00.000Z',
      size: 10,
      flags: { seen: false, flagged: false, answered: false, forwarded: false, draft: false, junk: false },
      hasAttachments: false,
    });
    expect(summary.from?.name).toBe('moc.knab@ecivres');
    expect(summary.subject).toBe('Re: txt.exe');
  });

  it('shows every control in a raw view as its code point', () => {
    expect(revealBidiControls('a\u202Eb\u200Fc')).toBe('a<U+202E>b<U+200F>c');
  });
});
