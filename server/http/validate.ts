import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError } from './app-error';

/** Bad input is a 400 naming each field and what is wrong with it (SPEC §11), never a 500. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.') || 'body', issue.message]));
  const first = result.error.issues[0];
  throw new AppError(400, 'bad_request', first ? first.message : 'The request is not valid.', { fields });
}

export async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new AppError(400, 'bad_request', 'The request body is not valid JSON.');
  }
}

/** The version a change is based on (`If-Match`, quotes and a weak prefix dropped), if the client named one. */
export function ifMatch(c: Context): string | undefined {
  return c.req.header('if-match')?.replace(/^W\//, '').replace(/"/g, '').trim() || undefined;
}
