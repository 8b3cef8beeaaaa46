import type { Kysely } from 'kysely';
import {
  DEFAULT_PREFERENCES,
  PREFERENCE_SECTIONS,
  PREFERENCES_CHANGED_TEXT,
  preferencesSchema,
  type PreferenceSection,
  type Preferences,
} from '../../shared/api/preferences';
import { contentVersion } from '../../shared/content-version';
import { DomainError } from '../domain-error';
import type { Database } from '../store/schema';

/**
 * A user's preferences in the shared store, one row per section so each
 * "Save Settings" writes only its own part. A section never saved, or stored
 * by an older version in a shape that no longer validates, reads as its default:
 * a bad row must never lock a user out of the page that would fix it.
 */
export class PreferencesRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(email: string): Promise<Preferences> {
    const rows = await this.db.selectFrom('preferences').select(['section', 'value']).where('email', '=', keyOf(email)).execute();
    const preferences: Preferences = { ...DEFAULT_PREFERENCES };
    for (const row of rows) {
      const section = PREFERENCE_SECTIONS.find((name) => name === row.section);
      if (section) assignSection(preferences, section, row.value);
    }
    return preferences;
  }

  /**
   * With `basedOn` (the version the user's edits started from), refuses (409)
   * when the section changed since: compared and written in one transaction.
   */
  async save<S extends PreferenceSection>(email: string, section: S, value: Preferences[S], basedOn?: string): Promise<Preferences> {
    const stored = JSON.stringify(preferencesSchema.shape[section].parse(value));
    const updatedAt = this.now();
    await this.db.transaction().execute(async (trx) => {
      if (basedOn !== undefined) {
        const row = await trx.selectFrom('preferences').select('value').where('email', '=', keyOf(email)).where('section', '=', section).executeTakeFirst();
        const current = { ...DEFAULT_PREFERENCES };
        if (row) assignSection(current, section, row.value);
        const version = contentVersion(current[section]);
        if (version !== basedOn) throw new DomainError('conflict', PREFERENCES_CHANGED_TEXT, { version });
      }
      await trx
        .insertInto('preferences')
        .values({ email: keyOf(email), section, value: stored, updated_at: updatedAt })
        .onConflict((conflict) => conflict.columns(['email', 'section']).doUpdateSet({ value: stored, updated_at: updatedAt }))
        .execute();
    });
    return this.get(email);
  }
}

/** Addresses are case-insensitive in practice; one user, one set of rows however they typed it. */
function keyOf(email: string): string {
  return email.trim().toLowerCase();
}

function assignSection<S extends PreferenceSection>(preferences: Preferences, section: S, json: string): void {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return;
  }
  const parsed = preferencesSchema.shape[section].safeParse(raw);
  if (parsed.success) preferences[section] = parsed.data as Preferences[S];
}
