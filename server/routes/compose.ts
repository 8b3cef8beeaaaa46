import { Hono } from 'hono';
import { z } from 'zod';
import { saveDraftRequestSchema, sendRequestSchema, type OutboxAttention, type OutboxEntry, type ResumedDraft, type SavedDraft } from '../../shared/api/compose';
import { messageRefQuerySchema } from '../../shared/api/messages';
import type { RecipientSuggestionsResponse } from '../../shared/api/recipients';
import { discardDraft, resumeDraft, saveDraft } from '../compose/drafts';
import type { AppEnv } from '../http/app-env';
import { requireSession } from '../http/session-middleware';
import { parseInput, parseQuery, readJson } from '../http/validate';

const uidMessage = 'A message number is a positive whole number.';
const uidParams = z.object({ uid: z.coerce.number({ error: uidMessage }).int(uidMessage).positive(uidMessage) });
const outboxParams = z.object({ id: z.string().uuid('That is not an outbox entry.') });
const suggestQuery = z.object({ q: z.string().trim().min(1, 'Type part of a name or address.').max(200) });

const SUGGESTIONS = 10;

/** Sending (through the outbox), drafts and recipient autocomplete (SPEC §6). */
export const composeRoutes = new Hono<AppEnv>()
  .use(requireSession)
  .post('/send', async (c) => {
    const request = parseInput(sendRequestSchema, await readJson(c));
    const { compose } = c.var.deps;
    const { sending } = await compose.preferences(c.var.session);
    const entry = await compose.outbox.enqueue(c.var.session, request, sending.undoSendSeconds);
    return c.json<OutboxEntry>(entry);
  })
  // The outbox notice: what waits to retry, failed or may not have been sent.
  .get('/outbox', async (c) => c.json<OutboxAttention>({ entries: await c.var.deps.compose.outbox.attention(c.var.session.email) }))
  .post('/outbox/:id/dismiss', async (c) => {
    const { id } = parseInput(outboxParams, c.req.param());
    return c.json<OutboxEntry>(await c.var.deps.compose.outbox.dismiss(c.var.session.email, id));
  })
  .get('/outbox/:id', async (c) => {
    const { id } = parseInput(outboxParams, c.req.param());
    return c.json<OutboxEntry>(await c.var.deps.compose.outbox.get(c.var.session.email, id));
  })
  // "Undo" of "Send Email": the message leaves the outbox unsent.
  .delete('/outbox/:id', async (c) => {
    const { id } = parseInput(outboxParams, c.req.param());
    return c.json<OutboxEntry>(await c.var.deps.compose.outbox.cancel(c.var.session.email, id));
  })
  .post('/drafts', async (c) => {
    const { message, replaceUid } = parseInput(saveDraftRequestSchema, await readJson(c));
    const saved = await saveDraft(c.var.deps.compose, c.var.session, message, replaceUid);
    c.var.deps.live.notifyChanged(c.var.session.email, [saved.folder]);
    return c.json<SavedDraft>(saved);
  })
  .get('/drafts/:uid', async (c) => {
    const { uid } = parseInput(uidParams, c.req.param());
    const { folder } = parseQuery(messageRefQuerySchema, c);
    return c.json<ResumedDraft>(await resumeDraft(c.var.deps.compose, c.var.session, folder, uid));
  })
  .delete('/drafts/:uid', async (c) => {
    const { uid } = parseInput(uidParams, c.req.param());
    await discardDraft(c.var.deps.compose, c.var.session, uid);
    return c.body(null, 204);
  })
  .get('/recipients', async (c) => {
    const { q } = parseQuery(suggestQuery, c);
    const { compose, contacts } = c.var.deps;
    const [recent, fromContacts] = await Promise.all([
      compose.recent.suggest(await c.var.deps.accounts.of(c.var.session), q, SUGGESTIONS),
      contacts.suggest(c.var.session, q, SUGGESTIONS),
    ]);
    // Contacts first (names the user chose), then recent addresses not already suggested.
    const known = new Set(fromContacts.map((suggestion) => suggestion.email.toLowerCase()));
    const suggestions = [...fromContacts, ...recent.filter((suggestion) => !known.has(suggestion.email.toLowerCase()))].slice(0, SUGGESTIONS);
    return c.json<RecipientSuggestionsResponse>({ suggestions });
  });
