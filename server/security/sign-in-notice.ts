import type { SignInDevice } from '../auth/session-service';
import { sendGeneratedMail } from '../compose/generated-mail';
import type { Deps } from '../deps';
import type { Credentials } from '../mail/imap/imap-connection';
import { browserFingerprint, describeUserAgent } from './devices';

/**
 * After a sign-in has answered: when the browser is new to the account (see
 * AccountSecurity.isNewBrowser) and the user has not turned the notice off,
 * a mail to the signed-in address, sent as the user through the outbox.
 * Every sign-in records its browser, so turning the notice on later still
 * knows the old ones.
 */
export async function noticeNewBrowser(deps: Pick<Deps, 'compose' | 'security'>, user: Credentials, account: string, device: SignInDevice, at: Date): Promise<void> {
  const isNew = await deps.security.isNewBrowser(account, browserFingerprint(device.userAgent, device.address));
  if (!isNew || !(await deps.security.settings(account)).signInNotice) return;
  const { browser, os } = describeUserAgent(device.userAgent);
  await sendGeneratedMail(deps, user, {
    to: [user.email],
    subject: 'New sign-in to your mail',
    text: [
      `Someone signed in to Tern as ${user.email} from a browser not used with this account lately:`,
      '',
      `  ${browser} on ${os}, from ${device.address ?? 'an unknown address'}, at ${at.toUTCString()}`,
      '',
      'If this was you, there is nothing to do.',
      'If it was not, change your password now and use "Sign out everywhere else" in Settings → Security.',
      '',
      'You can turn these notices off in Settings → Security.',
    ].join('\n'),
  });
}
