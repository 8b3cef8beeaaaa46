import type { Kysely } from 'kysely';
import type { Recipient } from '../../shared/api/compose';
import type { RecipientSuggestion } from '../../shared/api/recipients';
import type { Database } from '../store/schema';

/** The addresses a user sent to, newest first: the "recent" half of recipient autocomplete. */
export class RecentRecipients {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async record(email: string, recipients: readonly Recipient[]): Promise<void> {
    const usedAt = this.now();
    for (const recipient of recipients) {
      const address = recipient.address.toLowerCase();
      await this.db
        .insertInto('recent_recipients')
        .values({ email, address, name: recipient.name, used_at: usedAt })
        .onConflict((conflict) =>
          conflict.columns(['email', 'address']).doUpdateSet(recipient.name ? { name: recipient.name, used_at: usedAt } : { used_at: usedAt }),
        )
        .execute();
    }
  }

  async suggest(email: string, query: string, limit: number): Promise<RecipientSuggestion[]> {
    // LIKE wildcards in what the user typed are dropped (escaping differs between SQLite and PostgreSQL).
    const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, '')}%`;
    const rows = await this.db
      .selectFrom('recent_recipients')
      .select(['address', 'name'])
      .where('email', '=', email)
      .where((eb) => eb.or([eb('address', 'like', pattern), eb(eb.fn('lower', ['name']), 'like', pattern)]))
      .orderBy('used_at', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ name: row.name, email: row.address, source: 'recent' }));
  }
}
