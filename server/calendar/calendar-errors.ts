import { DomainError } from '../domain-error';
import { CalendarDataError } from './ical-data';

/** Calendar data Tern cannot use (or an occurrence that is not one) is the request's problem: a 400 with the reason, never a 500. */
export function asBadRequest<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof CalendarDataError) throw new DomainError('bad_request', err.message);
    throw err;
  }
}
