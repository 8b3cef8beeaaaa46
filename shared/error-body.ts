import { z } from 'zod';
import { ERROR_CODES, type ErrorBody } from './errors';

export const errorBodySchema: z.ZodType<ErrorBody> = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
