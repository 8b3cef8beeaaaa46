import type { Deps } from '../deps';
import type { Credentials } from '../mail/imap/imap-connection';
import { scriptFolders } from './filters-on-mailbox';
import { SieveSettingsService } from './sieve-settings-service';

/**
 * "Global Site Settings" (SPEC §7) hold from a user's first sign-in, not only
 * once they save in Settings: a mailbox without Tern's script gets one with
 * the operator's defaults. Once per user (remembered in the shared store), and
 * awaited, so no save the user makes right after signing in can race it. A
 * filter service that is down does not stop the sign-in; the next one tries again.
 */
export async function ensureSpamFilterAtSignIn({ config, store, imap, accounts }: Pick<Deps, 'config' | 'store' | 'imap' | 'accounts'>, user: Credentials): Promise<void> {
  // Once per mailbox, whichever of its addresses signs in.
  const email = await accounts.of(user);
  const done = await store.db.selectFrom('spam_filter_installed').select('email').where('email', '=', email).executeTakeFirst();
  if (done) return;
  try {
    const service = new SieveSettingsService(config.sieve, config.spamDefaults);
    await service.ensureInForce(user, () => imap.run(user, ({ client }) => scriptFolders(client)));
  } catch (err) {
    console.error(`the default spam filter for ${email} could not be installed at sign-in; trying again at the next one`, err);
    return;
  }
  await store.db
    .insertInto('spam_filter_installed')
    .values({ email, installed_at: Date.now() })
    .onConflict((conflict) => conflict.column('email').doNothing())
    .execute();
}
