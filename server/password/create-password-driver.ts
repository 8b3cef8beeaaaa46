import type { Config } from '../config';
import { noPasswordDriver, type PasswordDriver } from './password-driver';
import { StackPasswordDriver } from './stack-password-driver';

export function createPasswordDriver(config: Config['password']): PasswordDriver {
  return config.driver === 'tern-stack' ? new StackPasswordDriver(config.stackDir) : noPasswordDriver;
}
