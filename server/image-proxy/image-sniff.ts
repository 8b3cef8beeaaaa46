/**
 * The image type a file's first bytes say it is, whatever its Content-Type
 * claims: the proxy serves only raster images it recognises. SVG is never
 * served (it is XML that can carry script and links), nor anything else.
 */
export function sniffImageType(bytes: Buffer): string | null {
  const starts = (signature: number[] | string, offset = 0) => {
    const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
    return bytes.length >= offset + expected.length && bytes.subarray(offset, offset + expected.length).equals(expected);
  };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts('GIF87a') || starts('GIF89a')) return 'image/gif';
  if (starts('RIFF') && starts('WEBP', 8)) return 'image/webp';
  if (starts('ftyp', 4) && (starts('avif', 8) || starts('avis', 8))) return 'image/avif';
  if (starts('BM') && bytes.length >= 26) return 'image/bmp';
  if (starts([0x00, 0x00, 0x01, 0x00])) return 'image/x-icon';
  return null;
}
