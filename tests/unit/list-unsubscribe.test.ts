import { describe, expect, it } from 'vitest';
import { sniffImageType } from '../../server/image-proxy/image-sniff';
import { parseMailto, unsubscribeOptions } from '../../server/unsubscribe/list-unsubscribe';

describe('List-Unsubscribe (RFC 2369, RFC 8058)', () => {
  it('reads mailto and https, one-click only with the exact Post value', () => {
    const header = '<mailto:leave@list.example?subject=unsubscribe>,\r\n <https://list.example/u?id=1>';
    expect(unsubscribeOptions(header, 'List-Unsubscribe=One-Click')).toEqual({
      oneClick: true,
      mailto: 'mailto:leave@list.example?subject=unsubscribe',
      web: 'https://list.example/u?id=1',
    });
    expect(unsubscribeOptions(header, null)?.oneClick).toBe(false);
    expect(unsubscribeOptions(header, 'List-Unsubscribe=Yes')?.oneClick).toBe(false);
  });

  it('never one-click over plain http; prefers an https address to an http one', () => {
    expect(unsubscribeOptions('<http://list.example/u>', 'List-Unsubscribe=One-Click')).toEqual({ oneClick: false, mailto: null, web: 'http://list.example/u' });
    expect(unsubscribeOptions('<http://list.example/u>, <https://list.example/s>', 'List-Unsubscribe=One-Click')).toEqual({
      oneClick: true,
      mailto: null,
      web: 'https://list.example/s',
    });
  });

  it('ignores whitespace inside the brackets and anything it cannot use', () => {
    expect(unsubscribeOptions('<https://list.example/ very/long>', null)?.web).toBe('https://list.example/very/long');
    expect(unsubscribeOptions('<javascript:alert(1)>, <ftp://x.example/>, <https://user:pw@x.example/>', 'List-Unsubscribe=One-Click')).toBeNull();
    expect(unsubscribeOptions('no brackets at all', null)).toBeNull();
    expect(unsubscribeOptions(null, null)).toBeNull();
  });

  it('takes one plain address, the subject and body from a mailto, and nothing that could add a header', () => {
    expect(parseMailto('mailto:leave@list.example?subject=stop%20please&body=bye')).toEqual({ to: 'leave@list.example', subject: 'stop please', body: 'bye' });
    expect(parseMailto('mailto:leave@list.example')).toEqual({ to: 'leave@list.example', subject: 'unsubscribe', body: 'unsubscribe' });
    expect(parseMailto('mailto:leave@list.example?subject=a%0D%0ABcc:%20x@evil.example')?.subject).toBe('a Bcc: x@evil.example');
    expect(parseMailto('mailto:a@b.example%0D%0ABcc:evil@x.example')).toBeNull();
    expect(parseMailto('mailto:not-an-address')).toBeNull();
  });
});

describe('image sniffing', () => {
  it('knows raster images by their bytes, and nothing else', () => {
    expect(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(sniffImageType(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBe('image/gif');
    expect(sniffImageType(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('\x00\x00\x00\x1cftypavif', 'latin1'))).toBe('image/avif');
    expect(sniffImageType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(Buffer.from('<html><body>png</body></html>'))).toBeNull();
    expect(sniffImageType(Buffer.alloc(0))).toBeNull();
  });
});
