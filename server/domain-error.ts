import type { ErrorCode } from '../shared/errors';

/**
 * An error meant for the user, thrown anywhere in the BFF: a catalogue code,
 * a message for people and optional details (STYLE.md's one error shape).
 * It says nothing about HTTP: `server/http/error-status.ts` alone maps codes
 * to statuses, so adapters and services never reach up into the HTTP layer.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
