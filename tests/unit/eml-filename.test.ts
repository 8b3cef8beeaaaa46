import { describe, expect, it } from 'vitest';
import { safeFilename } from '../../server/mail/file-names';
import { emlFilename } from '../../server/mail/imap/message-source';

describe('the .eml download is named by its subject, safely', () => {
  it('keeps an ordinary subject, non-ASCII included', () => {
    expect(emlFilename('Quarterly report – März')).toBe('Quarterly report – März.eml');
  });

  it('names a message without a usable subject "message"', () => {
    for (const subject of [undefined, '', '   ', '...', '\r\n\t']) expect(emlFilename(subject)).toBe('message.eml');
  });

  it('turns path and reserved characters into _, controls and bidi overrides into spaces, and trims dots', () => {
    expect(emlFilename('..\\..\\boot.ini')).toBe('_.._boot.ini.eml');
    expect(emlFilename('a<b>c:d*e?f|g"h')).toBe('a_b_c_d_e_f_g_h.eml');
    expect(emlFilename('Lunch on Friday?')).toBe('Lunch on Friday.eml');
    expect(emlFilename('invoice\u202Efdp.exe')).toBe('invoice fdp.exe.eml');
    expect(emlFilename('line\r\nbreak\u2028here\u0000')).toBe('line break here.eml');
  });

  it('cuts a long subject to 100 characters without splitting one', () => {
    const name = emlFilename('🐦'.repeat(150));
    expect(name).toBe(`${'🐦'.repeat(100)}.eml`);
  });
});

describe('an attachment keeps the name its sender gave, made safe the same way', () => {
  it('shows what an override or a mark would hide: the real extension stays last', () => {
    expect(safeFilename('invoice\u202Efdp.exe')).toBe('invoice fdp.exe');
    expect(safeFilename('\u2067report\u2069\u200F.pdf\u061C.exe')).toBe('report .pdf .exe');
  });

  it('cuts a long name in its stem, keeping the extension', () => {
    const name = safeFilename(`${'a'.repeat(200)}.pdf`);
    expect(name).toBe(`${'a'.repeat(96)}.pdf`);
  });

  it('gives nothing for a name of nothing but dots and controls, so the part gets a name that says what it is', () => {
    expect(safeFilename('..\u202E')).toBe('');
  });
});
