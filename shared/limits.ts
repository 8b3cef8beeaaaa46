// Numbers users and operators can observe. Each value says where it comes from.

/** SPEC §6, guide "Maximum email message size": 2 MB per attachment, measured after base64. */
export const MAX_ATTACHMENT_ENCODED_BYTES = 2_097_152;

/** SPEC §6: 10 MB per message as it goes out. */
export const MAX_MESSAGE_BYTES = 10_485_760;

/** How many envelopes one list request may ask for: a screenful or two, never a whole folder. */
export const MAX_WINDOW_SIZE = 200;

/** The window the list asks for while scrolling. */
export const DEFAULT_WINDOW_SIZE = 50;

/** SPEC §1: messages older than this leave "Trash" and "Spam" at sign-out. */
export const PURGE_AFTER_DAYS = 30;

/** RFC 5321 caps a path at 256 octets; no real address is longer. */
export const MAX_EMAIL_LENGTH = 254;

/** Passwords are handed to IMAP as-is; this only stops absurd request bodies. */
export const MAX_PASSWORD_LENGTH = 1024;

/** SPEC §7 sets no number; enough for any hand-kept list, small enough that the Sieve script stays quick to run. */
export const MAX_SENDER_LIST_ENTRIES = 1000;

/**
 * Shortest search text: the stack's full-text index (fts-xapian, partial=2)
 * holds word parts from two characters, and one character matches nearly
 * every message anyway.
 */
export const MIN_SEARCH_LENGTH = 2;

/**
 * How much of a message body the reading pane gets at first (characters of the
 * text, and of the HTML); "Show the whole message" asks for the rest. 256 KB is
 * about a hundred printed pages, more than anyone reads in a pane, yet the BFF's
 * answer stays small and Chromium lays it out in well under the 1 s the first
 * screen is allowed (issue 13: 100,000 short lines, 2.5 MB, took 22 s whole).
 */
export const BODY_PREVIEW_CHARS = 256 * 1024;

/**
 * HTML elements nested deeper than this lose their tags (their text stays)
 * before the browser parses the message: Chromium's parser slows down
 * quadratically past its own cap of 512 (50,000 levels took minutes), and
 * Firefox does not lay out anything deeper than 200 either.
 */
export const MAX_HTML_NESTING = 200;

/**
 * Filters (issue 17): rules per user. Nobody keeps more by hand, and every
 * rule is one more test for each message the server delivers.
 */
export const MAX_FILTER_RULES = 100;

/** Filters: the text a rule looks for. Longer than any real subject or address; keeps the script small. */
export const MAX_FILTER_VALUE_LENGTH = 500;

/**
 * Filters: rules that forward. Dovecot's default `sieve_max_redirects` is 1;
 * a second redirect of one message is a runtime error that leaves the message
 * in the Inbox with none of the rules' other actions done.
 */
export const MAX_FORWARDING_RULES = 1;

/** "Apply to this folder now": messages looked at per request, so a large folder shows progress and no request runs long. */
export const FILTER_APPLY_WINDOW = 1000;

/**
 * "View source" and "Show all headers" get at most this much of a message's raw
 * source (its first bytes, an IMAP partial fetch): a `<pre>` of 1 MB still lays out
 * in a moment, a 30 MB message would freeze the tab. The .eml download is whole.
 */
export const SOURCE_VIEW_BYTES = 1_048_576;
