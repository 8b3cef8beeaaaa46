/**
 * Windows-1252 is what most 8-bit mail is (Outlook's curly quotes, €, dashes),
 * and the WHATWG Encoding standard reads ISO-8859-1 and US-ASCII labels as it
 * too. Node 20's TextDecoder decodes it as Latin-1: bytes 0x80–0x9F come out as
 * invisible C1 controls instead of “ ” € –. postal-mime, and Tern where it
 * guesses a charset, decode with TextDecoder, so the fix goes where they all
 * meet: when (and only when) the runtime gets 0x80 wrong, TextDecoder is
 * replaced by a subclass that maps those bytes as the standard says. Imported
 * for its effect by the modules that decode mail text.
 */

/** 0x80–0x9F per the WHATWG Encoding standard; its five undefined bytes keep their code points. */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

function windows1252FromLatin1(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80] ?? c);
}

const NativeTextDecoder = globalThis.TextDecoder;

if (new NativeTextDecoder('windows-1252').decode(Uint8Array.of(0x80)) !== '€') {
  globalThis.TextDecoder = class StandardTextDecoder extends NativeTextDecoder {
    override decode(input?: AllowSharedBufferSource, options?: TextDecodeOptions): string {
      const text = super.decode(input, options);
      return this.encoding === 'windows-1252' ? windows1252FromLatin1(text) : text;
    }
  };
}
