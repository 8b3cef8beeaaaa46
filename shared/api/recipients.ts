import { z } from './zod';

/**
 * One autocomplete suggestion for a recipient field. "recent" comes from
 * addresses the user sent to; "contact" and "group" from their address books
 * (a group expands to its members when picked).
 */
export const recipientSuggestionSchema = z.object({
  name: z.string(),
  email: z.string(),
  source: z.enum(['recent', 'contact', 'group']),
  /** Set for groups: the members the group expands to. */
  members: z.array(z.object({ name: z.string(), email: z.string() })).optional(),
});
export type RecipientSuggestion = z.infer<typeof recipientSuggestionSchema>;

export const recipientSuggestionsResponseSchema = z.object({
  suggestions: z.array(recipientSuggestionSchema),
});
export type RecipientSuggestionsResponse = z.infer<typeof recipientSuggestionsResponseSchema>;
