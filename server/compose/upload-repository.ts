import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { base64EncodedSize, type Upload } from '../../shared/api/compose';
import { DomainError } from '../domain-error';
import type { Database } from '../store/schema';
import type { OutgoingAttachment } from './mime-builder';

/** Uploads nobody sent or discarded (a closed tab) are dropped after this. */
const ABANDONED_AFTER_MS = 7 * 24 * 60 * 60_000;

/**
 * Attached files in the shared store, so every BFF instance can send them and
 * they survive a restart. Kept base64-encoded: the same text column works on
 * SQLite and PostgreSQL, and at 2 MB per file a table is fine.
 */
export class UploadRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async add(email: string, file: { filename: string; contentType: string; content: Buffer }): Promise<Upload> {
    const id = randomUUID();
    await this.db
      .insertInto('uploads')
      .values({
        id,
        email,
        filename: file.filename,
        content_type: file.contentType,
        size: file.content.length,
        content_base64: file.content.toString('base64'),
        created_at: this.now(),
      })
      .execute();
    return toUpload({ id, filename: file.filename, content_type: file.contentType, size: file.content.length });
  }

  /** The user's own uploads, in the order named; a missing or foreign id is a clear 400. */
  async contents(email: string, ids: readonly string[]): Promise<OutgoingAttachment[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('uploads').selectAll().where('email', '=', email).where('id', 'in', [...ids]).execute();
    return ids.map((id) => {
      const row = rows.find((candidate) => candidate.id === id);
      if (!row) throw new DomainError('bad_request', 'An attachment is no longer there. Attach the file again.');
      return { filename: row.filename, contentType: row.content_type, content: Buffer.from(row.content_base64, 'base64') };
    });
  }

  async remove(email: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('uploads').where('email', '=', email).where('id', 'in', [...ids]).execute();
  }

  async sweepAbandoned(): Promise<void> {
    await this.db.deleteFrom('uploads').where('created_at', '<', this.now() - ABANDONED_AFTER_MS).execute();
  }
}

export function toUpload(row: { id: string; filename: string; content_type: string; size: number }): Upload {
  return { id: row.id, filename: row.filename, contentType: row.content_type, size: row.size, encodedSize: base64EncodedSize(row.size) };
}
