import { describe, expect, it } from 'vitest';
import { parseLine } from '../../server/mail/sieve/managesieve-client';

describe('ManageSieve response lines', () => {
  it('reads atoms, quoted strings with escapes and response codes', () => {
    expect(parseLine(Buffer.from('NO (NONEXISTENT) "no \\"such\\" script"\r\nrest'))).toEqual({
      tokens: [
        { kind: 'atom', value: 'NO' },
        { kind: 'code', value: 'NONEXISTENT' },
        { kind: 'string', value: 'no "such" script' },
      ],
      consumed: 39,
    });
  });

  it('reads a literal by octets, across line breaks and multibyte text', () => {
    const script = 'if true {\r\n  keep; # é\r\n}';
    const line = Buffer.concat([Buffer.from(`{${Buffer.byteLength(script)}}\r\n`), Buffer.from(script), Buffer.from('\r\n')]);
    expect(parseLine(line)?.tokens).toEqual([{ kind: 'string', value: script }]);
  });

  it('waits for more data while a line, string or literal is incomplete', () => {
    expect(parseLine(Buffer.from('"SIEVE" "fileinto'))).toBeNull();
    expect(parseLine(Buffer.from('{10}\r\nabc'))).toBeNull();
    expect(parseLine(Buffer.from('OK'))).toBeNull();
  });
});
