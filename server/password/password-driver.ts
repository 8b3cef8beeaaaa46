/**
 * Changes a user's password on the mail server (SPEC §8: "through a pluggable
 * driver"). Each deployment has its own user database; Tern only needs this.
 */
export interface PasswordDriver {
  /** False: this server offers no password change through Tern. */
  readonly available: boolean;
  /** Sets the new password for `email`; the old one stops working. */
  change(email: string, newPassword: string): Promise<void>;
}

export class PasswordDriverError extends Error {}

/** For servers whose passwords are managed elsewhere (a control panel, LDAP). */
export const noPasswordDriver: PasswordDriver = {
  available: false,
  change: () => Promise.reject(new PasswordDriverError('Password changes are not available on this server.')),
};
