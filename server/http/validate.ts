import type { Context } from 'hono';
import type { z } from 'zod';
import { DomainError } from '../domain-error';

/** Bad input is a 400 naming each field and what is wrong with it (SPEC §11), never a 500. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]));
  const first = result.error.issues[0];
  if (!first) throw new DomainError('bad_request', 'The request is not valid.', { fields });
  throw new DomainError('bad_request', first.message, { fields });
}

/**
 * A query string through its schema: besides the schema's own rules, a
 * parameter the route does not know, or one given twice, is refused by name
 * (a 400 the sender can act on) instead of being silently ignored.
 */
export function parseQuery<T extends z.ZodObject>(schema: T, c: Context): z.infer<T> {
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (!Object.hasOwn(schema.shape, name)) {
      throw new DomainError('bad_request', `Unknown query parameter "${name}".`, { fields: { [name]: 'Not a parameter of this address.' } });
    }
    if (values.length > 1) {
      throw new DomainError('bad_request', `The query parameter "${name}" is given more than once.`, { fields: { [name]: 'Given more than once.' } });
    }
  }
  return parseInput(schema, c.req.query());
}

export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new DomainError('bad_request', 'The request body is not valid JSON.');
  }
}

/** The version a change is based on (`If-Match`, quotes and a weak prefix dropped), if the client named one. */
export function ifMatch(c: Context): string | undefined {
  return c.req.header('if-match')?.replace(/^W\//, '').replace(/"/g, '').trim() || undefined;
}
