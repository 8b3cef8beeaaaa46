import { z } from './zod';

/**
 * How a mailing list says it can be left (RFC 2369 List-Unsubscribe, RFC 8058
 * List-Unsubscribe-Post), as the reading pane offers it.
 */
export const unsubscribeOptionsSchema = z.object({
  /**
   * An https address with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`:
   * "Unsubscribe" makes the BFF POST there itself (never the browser).
   */
  oneClick: z.boolean(),
  /** The first mailto: address: "Unsubscribe" sends a message to it from the user's own outbox. */
  mailto: z.string().nullable(),
  /** The first http(s) address: without one-click, a link the user may open on the list's site. */
  web: z.string().nullable(),
});
export type UnsubscribeOptions = z.infer<typeof unsubscribeOptionsSchema>;

/**
 * POST /api/unsubscribe answers what Tern did: posted (one-click), sent an
 * email (mailto), or nothing because the one-click address is not covered by
 * the sender's DKIM signature and the list names no mailto: ("unverified":
 * the user may open `web` on the list's site themselves).
 */
export const unsubscribeResultSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('one-click'), message: z.string() }),
  z.object({ method: z.literal('mailto'), message: z.string() }),
  z.object({ method: z.literal('unverified'), message: z.string(), web: z.string() }),
]);
export type UnsubscribeResult = z.infer<typeof unsubscribeResultSchema>;

export const UNSUBSCRIBE_SENT_TEXT = 'Unsubscribe request sent.';

/** Said when the one-click address is not DKIM-signed by the sender, so Tern does not POST to it. */
export const UNSUBSCRIBE_UNVERIFIED_TEXT = "This sender's unsubscribe link is not verified, so Tern did not use it.";

/** The message only: the BFF reads where to unsubscribe from the message itself. */
export const unsubscribeRequestSchema = z.object({
  folder: z.string().min(1, 'Name a folder.'),
  uid: z.number().int().positive(),
});
