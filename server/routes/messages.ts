import { Readable } from 'node:stream';
import { create as contentDisposition } from 'content-disposition';
import { Hono, type Context } from 'hono';
import type { ImapFlow } from 'imapflow';
import { z } from 'zod';
import {
  deleteRequestSchema,
  moveRequestSchema,
  setFlagsRequestSchema,
  spamRequestSchema,
  type MoveResult,
} from '../../shared/api/actions';
import {
  allFoldersSearchQuerySchema,
  messageDetailQuerySchema,
  messageRefQuerySchema,
  messageWindowQuerySchema,
  setSeenRequestSchema,
  type MessageDetail,
  type MessageSource,
  type MessageWindow,
  type SearchResults,
} from '../../shared/api/messages';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery, readJson } from '../http/validate';
import { searchAllFolders } from '../mail/imap/all-folders-search';
import { downloadPart } from '../mail/imap/attachment-download';
import { toDomainError } from '../mail/imap/imap-errors';
import { deleteMessages, markNotSpam, markSpam, moveMessages, setFlags } from '../mail/imap/message-actions';
import { fetchMessageDetail } from '../mail/imap/message-detail';
import { downloadMessageSource, fetchMessageSource } from '../mail/imap/message-source';
import { fetchMessageWindow } from '../mail/imap/message-window';

const uidMessage = 'A message number is a positive whole number.';
const messageParams = z.object({ uid: z.coerce.number({ error: uidMessage }).int(uidMessage).positive(uidMessage) });
const attachmentParams = messageParams.extend({
  part: z.string().regex(/^\d+(\.\d+)*$/, 'An attachment part looks like "2" or "1.3".'),
});
const attachmentQuery = messageRefQuerySchema.extend({ inline: z.enum(['0', '1']).optional() });

/** The user's other tabs on this instance learn of a change at once (other instances from their watchers). */
function announce(c: Context<AppEnv>, ...folders: Array<string | null>): void {
  c.var.deps.live.notifyChanged(c.var.session.email, folders.filter((folder): folder is string => folder !== null));
}

/**
 * Answers with a stream read from the user's IMAP connection. The lease
 * outlives the handler: the connection goes back when the stream ends.
 */
async function streamFromImap<Opened extends { content: Readable }>(
  c: Context<AppEnv>,
  open: (client: ImapFlow) => Promise<Opened>,
  headers: (opened: Opened) => Record<string, string>,
): Promise<Response> {
  const { connection, release } = await c.var.deps.imap.lease(c.var.session);
  try {
    const opened = await open(connection.client);
    opened.content.once('close', release);
    opened.content.once('end', release);
    opened.content.once('error', release);
    for (const [name, value] of Object.entries(headers(opened))) c.header(name, value);
    c.header('Cache-Control', 'private, no-store');
    return c.body(Readable.toWeb(opened.content) as ReadableStream<Uint8Array>);
  } catch (err) {
    release();
    throw toDomainError(err);
  }
}

/**
 * Raster images may be shown inline in a message (cid:). Everything else is
 * served as an opaque download, so no attachment ever runs as active content
 * in Tern's origin (SPEC §5): not HTML, not SVG, not XML.
 */
const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);

export const messageRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .get('/', async (c) => {
    const query = parseQuery(messageWindowQuerySchema, c);
    const window = await c.var.deps.imap.run(c.var.session, (connection) => fetchMessageWindow(connection, query));
    return c.json<MessageWindow>(window);
  })
  .get('/search', async (c) => {
    const query = parseQuery(allFoldersSearchQuerySchema, c);
    const results = await c.var.deps.imap.run(c.var.session, (connection) => searchAllFolders(connection, query));
    return c.json<SearchResults>(results);
  })
  .post('/seen', async (c) => {
    const { folder, uids, seen } = parseInput(setSeenRequestSchema, await readJson(c));
    await setFlags(c.var.deps.imap, c.var.session, { selection: { folder, uids }, flag: 'seen', value: seen });
    announce(c, folder);
    return c.body(null, 204);
  })
  // The action bar's commands (SPEC §2, §7) on a selection: named UIDs or the whole (searched) folder.
  .post('/flags', async (c) => {
    const request = parseInput(setFlagsRequestSchema, await readJson(c));
    await setFlags(c.var.deps.imap, c.var.session, request);
    announce(c, request.selection.folder);
    return c.body(null, 204);
  })
  .post('/move', async (c) => {
    const result = await moveMessages(c.var.deps.imap, c.var.session, parseInput(moveRequestSchema, await readJson(c)));
    announce(c, result.from, result.to);
    return c.json<MoveResult>(result);
  })
  .post('/delete', async (c) => {
    const result = await deleteMessages(c.var.deps.imap, c.var.session, parseInput(deleteRequestSchema, await readJson(c)));
    announce(c, result.from, result.to);
    return c.json<MoveResult>(result);
  })
  .post('/spam', async (c) => {
    const result = await markSpam(c.var.deps.imap, c.var.session, parseInput(spamRequestSchema, await readJson(c)));
    announce(c, result.from, result.to);
    return c.json<MoveResult>(result);
  })
  .post('/not-spam', async (c) => {
    const result = await markNotSpam(c.var.deps.imap, c.var.session, parseInput(spamRequestSchema, await readJson(c)));
    announce(c, result.from, result.to);
    return c.json<MoveResult>(result);
  })
  .get('/:uid', async (c) => {
    const { uid } = parseInput(messageParams, c.req.param());
    const { folder, body } = parseQuery(messageDetailQuerySchema, c);
    const detail = await c.var.deps.imap.run(c.var.session, ({ client }) => fetchMessageDetail(client, folder, uid, body));
    return c.json<MessageDetail>(detail);
  })
  .get('/:uid/attachments/:part', async (c) => {
    const { uid, part } = parseInput(attachmentParams, c.req.param());
    const { folder, inline } = parseQuery(attachmentQuery, c);
    return streamFromImap(
      c,
      (client) => downloadPart(client, folder, uid, part),
      ({ contentType, filename }) => {
        const showInline = inline === '1' && INLINE_IMAGE_TYPES.has(contentType);
        return {
          'Content-Type': showInline ? contentType : 'application/octet-stream',
          'Content-Disposition': contentDisposition(filename, { type: showInline ? 'inline' : 'attachment' }),
        };
      },
    );
  })
  // "View source" and "Show all headers" (SPEC §5): the start of the raw message, as text.
  .get('/:uid/source', async (c) => {
    const { uid } = parseInput(messageParams, c.req.param());
    const { folder } = parseQuery(messageRefQuerySchema, c);
    const source = await c.var.deps.imap.run(c.var.session, ({ client }) => fetchMessageSource(client, folder, uid));
    return c.json<MessageSource>(source);
  })
  // "Download (.eml)": the whole message byte for byte, never shown by the browser.
  .get('/:uid/eml', async (c) => {
    const { uid } = parseInput(messageParams, c.req.param());
    const { folder } = parseQuery(messageRefQuerySchema, c);
    return streamFromImap(
      c,
      (client) => downloadMessageSource(client, folder, uid),
      (file) => ({
        'Content-Type': 'message/rfc822',
        'Content-Disposition': contentDisposition(file.filename),
        'X-Content-Type-Options': 'nosniff',
      }),
    );
  });
