import { z } from 'zod';

// zod's own messages ("Too big: expected number to be <=1000000", "Invalid input") reach admins
// through the API's 422 field messages; these say the same in plain words. A schema's own
// message still wins over them.

const count = new Intl.NumberFormat('en-GB');
const TYPE_WORD: Record<string, string> = {
  number: 'Enter a number',
  int: 'Enter a whole number',
  string: 'Enter text',
  boolean: 'Must be yes or no (true or false)',
  array: 'Must be a list',
  object: 'Must be an object',
  date: 'Enter a date',
};

type Issue = z.core.$ZodRawIssue;

/** The plain message of an issue zod would otherwise word itself; undefined leaves zod's. */
export function plainMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_big': {
      const max = count.format(Number(issue.maximum));
      if (issue.origin === 'string') return `Must be at most ${max} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Must have at most ${max} items`;
      return issue.inclusive === false ? `Must be less than ${max}` : `Must be at most ${max}`;
    }
    case 'too_small': {
      const min = count.format(Number(issue.minimum));
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'Must not be empty' : `Must be at least ${min} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `Must have at least ${min} items`;
      return issue.inclusive === false ? `Must be more than ${min}` : `Must be at least ${min}`;
    }
    case 'invalid_type':
      return TYPE_WORD[issue.expected] ?? 'This value is not valid here';
    case 'invalid_value':
      return issue.values.length === 1 ? `Must be ${String(issue.values[0])}` : `Must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'email'
        ? 'Enter a valid e-mail address'
        : issue.format === 'url'
          ? 'Enter a valid web address'
          : 'This is not in the expected format';
    case 'not_multiple_of':
      return issue.divisor === 1 ? 'Enter a whole number' : `Must be a multiple of ${issue.divisor}`;
    case 'invalid_union':
      return 'This value is not valid here';
    default:
      return undefined;
  }
}

z.config({ customError: plainMessage });
