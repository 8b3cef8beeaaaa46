import type { Migration } from 'kysely';
import * as sessions from './0001-sessions';

/** Applied in key order; never edit one that has shipped, add the next. */
export const migrations: Record<string, Migration> = {
  '0001-sessions': sessions,
};
