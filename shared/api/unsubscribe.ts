import { z } from 'zod';

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

/** POST /api/messages/:uid/unsubscribe?folder=… answers what Tern did. */
export const unsubscribeResultSchema = z.object({
  method: z.enum(['one-click', 'mailto']),
  /** For the user, e.g. "Unsubscribe request sent." */
  message: z.string(),
});
export type UnsubscribeResult = z.infer<typeof unsubscribeResultSchema>;

export const UNSUBSCRIBE_SENT_TEXT = 'Unsubscribe request sent.';

/** The message only: the BFF reads where to unsubscribe from the message itself. */
export const unsubscribeRequestSchema = z.object({
  folder: z.string().min(1, 'Name a folder.'),
  uid: z.number().int().positive(),
});
