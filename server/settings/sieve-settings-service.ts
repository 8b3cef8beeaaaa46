import type { AntispamSettings, SpamDefaults } from '../../shared/api/antispam';
import { ANTISPAM_CHANGED_TEXT, DEFAULT_ANTISPAM } from '../../shared/api/antispam';
import { createHash } from 'node:crypto';
import { AUTOREPLY_CHANGED_TEXT, DEFAULT_AUTOREPLY, type AutoreplySettings } from '../../shared/api/autoreply';
import { contentVersion } from '../../shared/content-version';
import type { Config } from '../config';
import { AppError } from '../http/app-error';
import { ManageSieveClient, ManageSieveConnectionError, ManageSieveError } from '../mail/sieve/managesieve-client';
import { installScript, isTernScript, readActiveScript } from '../mail/sieve/script-installer';
import { generateSieveScript, readSieveSettings, type SieveSettings } from './sieve-script';

export interface SieveUser {
  email: string;
  password: string;
}

/**
 * Anti-spam and auto-reply settings, kept in the user's Sieve script on the
 * mail server (not in Tern's store), so the server enforces them at delivery
 * for every client and they follow the mailbox whatever address signed in.
 */
export class SieveSettingsService {
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
  async ensureInForce(user: SieveUser, spamFolder: () => Promise<string>): Promise<boolean> {
    return this.withClient(user, async (client) => {
      const active = await readActiveScript(client);
      if (active && isTernScript(active.name) && readSieveSettings(active.content) !== null) return false;
      await installScript(client, generateSieveScript(settingsOf(active), { globalDefaults: this.globalDefaults, spamFolder: await spamFolder() }));
      return true;
    });
  }

  /** With `basedOn` (the version the user edited), refuses (409) when the settings in force changed since. */
  async saveAntispam(user: SieveUser, antispam: AntispamSettings, spamFolder: () => Promise<string>, basedOn?: string): Promise<SieveSettings> {
    return this.update(
      user,
      (current) => {
        const version = antispamVersion(current.antispam);
        if (basedOn !== undefined && version !== basedOn) throw new AppError(409, 'conflict', ANTISPAM_CHANGED_TEXT, { version });
        return { ...current, antispam };
      },
      spamFolder,
    );
  }

  /** With `basedOn` (the content version the user edited), refuses (409) when the auto-reply in force changed since. */
  async saveAutoreply(user: SieveUser, autoreply: AutoreplySettings, spamFolder: () => Promise<string>, basedOn?: string): Promise<SieveSettings> {
    return this.update(
      user,
      (current) => {
        const version = contentVersion(current.autoreply);
        if (basedOn !== undefined && version !== basedOn) throw new AppError(409, 'conflict', AUTOREPLY_CHANGED_TEXT, { version });
        return { ...current, autoreply };
      },
      spamFolder,
    );
  }

  private async update(user: SieveUser, change: (current: SieveSettings) => SieveSettings, spamFolder: () => Promise<string>): Promise<SieveSettings> {
    const folder = await spamFolder();
    return this.withClient(user, async (client) => {
      const next = change(settingsOf(await readActiveScript(client)));
      await installScript(client, generateSieveScript(next, { globalDefaults: this.globalDefaults, spamFolder: folder }));
      return next;
    });
  }

  private async withClient<T>(user: SieveUser, work: (client: ManageSieveClient) => Promise<T>): Promise<T> {
    let client: ManageSieveClient;
    try {
      client = await ManageSieveClient.connect({ ...this.sieve, user: user.email, password: user.password });
    } catch (err) {
      throw toAppError(err);
    }
    try {
      return await work(client);
    } catch (err) {
      throw toAppError(err);
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
    includeScript: active && !isTernScript(active.name) ? active.name : null,
  };
}

function toAppError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof ManageSieveConnectionError) {
    return new AppError(503, 'mail_server_unavailable', 'The mail server\'s filter service cannot be reached right now. Nothing was changed; try again in a moment.');
  }
  if (err instanceof ManageSieveError) {
    return new AppError(502, 'mail_server_refused', `The mail server refused the filter, so your previous settings stay in force: ${err.serverMessage}`);
  }
  return err;
}

/**
 * A short fingerprint of anti-spam settings. ManageSieve has no compare-and-swap,
 * so this is checked between reading the active script and writing the new one:
 * a stale tab's save is refused; two saves in the same instant can still race.
 */
export function antispamVersion(antispam: AntispamSettings): string {
  return createHash('sha256').update(JSON.stringify(antispam)).digest('base64url').slice(0, 22);
}
