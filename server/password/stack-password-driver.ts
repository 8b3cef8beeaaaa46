import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PasswordDriverError, type PasswordDriver } from './password-driver';

const STACK_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/stack/stack.sh');

/** Exit status of `stack.sh passwd` for an unknown user (scripts/stack/users.sh). */
const NO_SUCH_USER = 3;

/**
 * The demo/test stack's Dovecot passwd-file. `stack.sh passwd` hashes with
 * `doveadm pw` and replaces the file atomically under the same lock as
 * `stack.sh adduser`, for the user and every alias of theirs. The password
 * goes over stdin, never on a command line where `ps` would show it.
 */
export class StackPasswordDriver implements PasswordDriver {
  readonly available = true;

  constructor(private readonly stackDir: string) {}

  change(email: string, newPassword: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn('bash', [STACK_SCRIPT, 'passwd', email], {
        env: { ...process.env, TERN_STACK_DIR: this.stackDir },
        stdio: ['pipe', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.on('error', (err) => reject(new PasswordDriverError(`The password could not be changed: ${err.message}`)));
      child.on('close', (code) => {
        if (code === 0) resolve();
        else if (code === NO_SUCH_USER) reject(new PasswordDriverError(`The mail server has no user ${email}.`));
        else reject(new PasswordDriverError(`The password could not be changed: ${stderr.trim().split('\n').pop() ?? `exit ${code}`}`));
      });
      child.stdin.end(`${newPassword}\n`);
    });
  }
}
