import { z } from 'zod';

/**
 * zod's own messages ("Too small: expected string to have >=1 characters")
 * are for developers and English only. Where a schema gives no message of its
 * own, the user reads one of these instead (through a form's check or a 400's
 * `details.fields`), which the "errors" catalogs translate. Every shared schema
 * imports zod from here, so this holds wherever one is parsed (the BFF, and the
 * page without zod's locale bundles).
 */
function inputIssueText(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'Fill this in.' : 'This is not the right kind of value.';
    case 'too_small': {
      const { minimum } = issue;
      if (issue.origin === 'string') return minimum === 1 ? 'Fill this in.' : `Enter at least ${minimum} characters.`;
      if (issue.origin === 'number') return issue.inclusive ? `Enter a number of at least ${minimum}.` : `Enter a number greater than ${minimum}.`;
      if (issue.origin === 'array' || issue.origin === 'set') return minimum === 1 ? 'Give at least one entry.' : `Give at least ${minimum} entries.`;
      return 'This is too small.';
    }
    case 'too_big': {
      const { maximum } = issue;
      if (issue.origin === 'string') return `Enter at most ${maximum} characters.`;
      if (issue.origin === 'number') return issue.inclusive ? `Enter a number of at most ${maximum}.` : `Enter a number less than ${maximum}.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Give at most ${maximum} entries.`;
      return 'This is too large.';
    }
    case 'invalid_format':
      return issue.format === 'email' ? 'Enter an email address like name@example.com.' : 'This is not in the expected form.';
    case 'invalid_value':
      return 'Choose one of the offered values.';
    case 'unrecognized_keys': {
      const keys = issue.keys.join(', ');
      return `Unknown fields: ${keys}.`;
    }
    default:
      return 'This value is not valid.';
  }
}

z.config({ customError: inputIssueText });

export { z };
