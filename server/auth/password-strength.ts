import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { HttpError } from '@/server/errors';

/** zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_PASSWORD_SCORE = 3;

let zxcvbn: ZxcvbnFactory | undefined;

/**
 * Refuses a password that zxcvbn (common passwords, names, words, keyboard
 * patterns, dates, repeats, l33t) scores below MIN_PASSWORD_SCORE, or that
 * leans on the user's own email or name; 422 with a message on `password`.
 * Length (12 at least) is the schema's part.
 */
export function assertStrongPassword(password: string, userInputs: string[]): void {
  zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  // The whole inputs, their parts, and the parts run together: `kim.kettle@…` also gives `kimkettle`.
  const inputs = userInputs
    .flatMap((text) => {
      const lower = text.toLowerCase();
      const local = lower.split('@', 1)[0]!;
      const parts = lower.split(/[@.\s_+-]+/);
      return [lower, local, local.replace(/[.\s_+-]+/g, ''), lower.replace(/\s+/g, ''), ...parts];
    })
    .filter((s) => s.length >= 3);
  const result = zxcvbn.check(password.slice(0, 100), inputs);
  if (result.score >= MIN_PASSWORD_SCORE) return;
  throw new HttpError(422, [
    {
      loc: ['body', 'password'],
      msg: 'Password is too easy to guess: avoid common passwords, names, dates, keyboard patterns and repeats; a few unrelated words make a strong one',
      type: 'password_too_weak',
    },
  ]);
}
