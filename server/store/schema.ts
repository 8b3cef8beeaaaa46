/** Table types for Kysely; kept in step with migrations/. Times are epoch milliseconds. */
export interface SessionsTable {
  /** SHA-256 of the cookie token: a stolen database does not yield usable cookies. */
  id: string;
  email: string;
  /** AES-256-GCM of the IMAP password under a key derived from the server secret and the cookie token. */
  password_sealed: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
}

export interface Database {
  sessions: SessionsTable;
}
