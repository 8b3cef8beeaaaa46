import type { Migration } from 'kysely';
import * as sessions from './0001-sessions';
import * as preferences from './0002-preferences';
import * as compose from './0003-compose';
import * as spamFilterInstalled from './0004-spam-filter-installed';
import * as mailboxAccounts from './0005-mailbox-accounts';
import * as outboxFaults from './0006-outbox-faults';
import * as sessionAccount from './0007-session-account';
import * as snoozes from './0008-snoozes';
import * as signedInDevices from './0009-signed-in-devices';
import * as twoFactor from './0010-two-factor';
import * as appPasswords from './0011-app-passwords';
import * as passkeys from './0012-passkeys';

/** Applied in key order; never edit one that has shipped, add the next. */
export const migrations: Record<string, Migration> = {
  '0001-sessions': sessions,
  '0002-preferences': preferences,
  '0003-compose': compose,
  '0004-spam-filter-installed': spamFilterInstalled,
  '0005-mailbox-accounts': mailboxAccounts,
  '0006-outbox-faults': outboxFaults,
  '0007-session-account': sessionAccount,
  '0008-snoozes': snoozes,
  '0009-signed-in-devices': signedInDevices,
  '0010-two-factor': twoFactor,
  '0011-app-passwords': appPasswords,
  '0012-passkeys': passkeys,
};
