import { Hono } from 'hono';
import { z } from 'zod';
import { attachmentTooLargeText, MAX_ATTACHMENT_RAW_BYTES, type Upload } from '../../shared/api/compose';
import type { AppEnv } from '../http/app-env';
import { DomainError } from '../domain-error';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery } from '../http/validate';

const uploadQuery = z.object({
  filename: z
    .string()
    .trim()
    .min(1, 'Name the file.')
    .max(255, 'Keep the file name to 255 characters.')
    // No paths, no control characters: the name only labels the attachment.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    .transform((name) => name.replace(/[\u0000-\u001f\u007f/\\]/g, '_')),
});
const uploadParams = z.object({ id: z.string().uuid('That is not an upload.') });
const CONTENT_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/**
 * Attachments for compose, one file per request as the raw body. Mounted
 * outside the API's JSON body limit: this route streams and enforces the
 * attachment limit itself (SPEC §6).
 */
export const uploadRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .post('/', async (c) => {
    const { filename } = parseQuery(uploadQuery, c);
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    const tooLarge = (bytes: number, bytesRead: number) =>
      new DomainError('too_large', attachmentTooLargeText(filename, bytes), { bytesRead, limit: MAX_ATTACHMENT_RAW_BYTES });
    // A declared size over the limit is refused before reading a byte.
    if (declared > MAX_ATTACHMENT_RAW_BYTES) throw tooLarge(declared, 0);
    const content = await readAtMost(c.req.raw.body, MAX_ATTACHMENT_RAW_BYTES, (bytesRead) => tooLarge(Number.isFinite(declared) ? declared : bytesRead, bytesRead));
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const upload = await c.var.deps.compose.uploads.add(c.var.session.email, {
      filename,
      contentType: CONTENT_TYPE.test(type) ? type : 'application/octet-stream',
      content,
    });
    return c.json<Upload>(upload, 201);
  })
  // "Discard", or the attachment removed from the message.
  .delete('/:id', async (c) => {
    const { id } = parseInput(uploadParams, c.req.param());
    await c.var.deps.compose.uploads.remove(c.var.session.email, [id]);
    return c.body(null, 204);
  });

/**
 * Reads the request body, counting bytes as they arrive, and stops (cancels
 * the stream) as soon as the count passes the limit: an oversized upload is
 * never read, let alone buffered, whole.
 */
async function readAtMost(body: ReadableStream<Uint8Array> | null, limit: number, overLimit: (bytesRead: number) => Error): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytesRead = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytesRead += value.byteLength;
    if (bytesRead > limit) {
      await reader.cancel();
      throw overLimit(bytesRead);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
