import type { Readable } from 'node:stream';

/**
 * Reads a stream whole while `fits(bytesSoFar)` holds; as soon as it does
 * not, the stream is destroyed (which ends imapflow's chunked download) and
 * `tooLarge()` is thrown: a huge part is refused without being read whole.
 */
export async function readWhileFits(stream: Readable, fits: (bytes: number) => boolean, tooLarge: () => Error): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (!fits(size)) {
      stream.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
