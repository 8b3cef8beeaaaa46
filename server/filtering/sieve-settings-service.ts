import type { AntispamSettings, SpamDefaults } from '../../shared/api/antispam';
import { ANTISPAM_CHANGED_TEXT, DEFAULT_ANTISPAM } from '../../shared/api/antispam';
import { AUTOREPLY_CHANGED_TEXT, DEFAULT_AUTOREPLY, type AutoreplySettings } from '../../shared/api/autoreply';
import { FILTERS_CHANGED_TEXT, type FilterRule } from '../../shared/api/filters';
import { contentVersion } from '../../shared/content-version';
import type { Config } from '../config';
import { DomainError } from '../domain-error';
import { ManageSieveClient, ManageSieveConnectionError, ManageSieveError } from '../mail/sieve/managesieve-client';
import { installScript, isTernScript, readActiveScript } from '../mail/sieve/script-installer';
import { generateSieveScript, readSieveSettings, type ScriptFolders, type SieveSettings } from './sieve-script';

export interface SieveUser {
  email: string;
  password: string;
}

/** The user's special folders, looked up (over IMAP) only when a script is about to be written. */
export type ScriptFoldersLookup = () => Promise<ScriptFolders>;

/**
 * Anti-spam, filters and auto-reply settings, kept in the user's Sieve script on the
 * mail server (not in Tern's store), so the server enforces them at delivery
 * for every client and they follow the mailbox whatever address signed in.
 */
export class SieveSettingsService {
  /** The write under way per login: ManageSieve has no compare-and-swap, so this instance's writes of one script go one at a time. */
  private readonly writing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly sieve: Config['sieve'],
    readonly globalDefaults: SpamDefaults,
  ) {}

  /** The settings in force, or the defaults (with `inForce` false) while no script of Tern's is active. */
  async load(user: SieveUser): Promise<SieveSettings & { inForce: boolean }> {
    return this.withClient(user, async (client) => {
      const active = await readActiveScript(client);
      const settings = settingsOf(active);
      return { ...settings, inForce: active !== null && isTernScript(active.name) && readSieveSettings(active.content) !== null };
    });
  }

  /**
   * Installs the operator's defaults ("Global Site Settings") unless Tern's
   * script is already active; says whether it installed. A script of the
   * user's own stays in force, included, as on any save.
   */
  async ensureInForce(user: SieveUser, folders: ScriptFoldersLookup): Promise<boolean> {
    return this.oneAtATime(user.email, () =>
      this.withClient(user, async (client) => {
        const active = await readActiveScript(client);
        if (active && isTernScript(active.name) && readSieveSettings(active.content) !== null) return false;
        await installScript(client, generateSieveScript(settingsOf(active), { globalDefaults: this.globalDefaults, ...(await folders()) }));
        return true;
      }),
    );
  }

  saveAntispam(user: SieveUser, antispam: AntispamSettings, folders: ScriptFoldersLookup, basedOn?: string): Promise<SieveSettings> {
    return this.replace(user, 'antispam', antispam, folders, { basedOn, changedText: ANTISPAM_CHANGED_TEXT });
  }

  saveAutoreply(user: SieveUser, autoreply: AutoreplySettings, folders: ScriptFoldersLookup, basedOn?: string): Promise<SieveSettings> {
    return this.replace(user, 'autoreply', autoreply, folders, { basedOn, changedText: AUTOREPLY_CHANGED_TEXT });
  }

  saveFilters(user: SieveUser, filters: FilterRule[], folders: ScriptFoldersLookup, basedOn?: string): Promise<SieveSettings> {
    return this.replace(user, 'filters', filters, folders, { basedOn, changedText: FILTERS_CHANGED_TEXT });
  }

  /**
   * One part of the settings replaced, the other kept as it is in force. With
   * `basedOn` (the content version the user edited), refuses (409) when that
   * part changed since: checked between reading the active script and writing
   * the new one (ManageSieve has no compare-and-swap, so two saves in the same
   * instant can still race).
   */
  private replace<K extends keyof SieveSettings>(
    user: SieveUser,
    part: K,
    value: SieveSettings[K],
    folders: ScriptFoldersLookup,
    guard: { basedOn: string | undefined; changedText: string },
  ): Promise<SieveSettings> {
    return this.update(
      user,
      (current) => {
        const version = contentVersion(current[part]);
        if (guard.basedOn !== undefined && version !== guard.basedOn) throw new DomainError('conflict', guard.changedText, { version });
        return { ...current, [part]: value };
      },
      folders,
    );
  }

  private async update(user: SieveUser, change: (current: SieveSettings) => SieveSettings, folders: ScriptFoldersLookup): Promise<SieveSettings> {
    const special = await folders();
    return this.oneAtATime(user.email, () =>
      this.withClient(user, async (client) => {
        const next = change(settingsOf(await readActiveScript(client)));
        await installScript(client, generateSieveScript(next, { globalDefaults: this.globalDefaults, ...special }));
        return next;
      }),
    );
  }

  /** Runs after the login's previous write has ended (whether it worked or not). */
  private oneAtATime<T>(login: string, work: () => Promise<T>): Promise<T> {
    const result = (this.writing.get(login) ?? Promise.resolve()).then(work, work);
    const done = result.catch(() => undefined);
    this.writing.set(login, done);
    void done.then(() => {
      if (this.writing.get(login) === done) this.writing.delete(login);
    });
    return result;
  }

  private async withClient<T>(user: SieveUser, work: (client: ManageSieveClient) => Promise<T>): Promise<T> {
    let client: ManageSieveClient;
    try {
      client = await ManageSieveClient.connect({ ...this.sieve, user: user.email, password: user.password });
    } catch (err) {
      throw toDomainError(err);
    }
    try {
      return await work(client);
    } catch (err) {
      throw toDomainError(err);
    } finally {
      await client.logout();
    }
  }
}

/** Ours: the settings it was made from. Another active script: defaults, and that script is kept by `include`. */
function settingsOf(active: { name: string; content: string } | null): SieveSettings {
  const ours = active && isTernScript(active.name) ? readSieveSettings(active.content) : null;
  if (ours) return ours;
  return {
    antispam: DEFAULT_ANTISPAM,
    autoreply: DEFAULT_AUTOREPLY,
    filters: [],
    includeScript: active && !isTernScript(active.name) ? active.name : null,
  };
}

function toDomainError(err: unknown): unknown {
  if (err instanceof DomainError) return err;
  if (err instanceof ManageSieveConnectionError) {
    return new DomainError('mail_server_unavailable', 'The mail server\'s filter service cannot be reached right now. Nothing was changed; try again in a moment.');
  }
  if (err instanceof ManageSieveError) {
    return new DomainError('mail_server_refused', `The mail server refused the filter, so your previous settings stay in force: ${err.serverMessage}`);
  }
  return err;
}
