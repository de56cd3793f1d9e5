// What a new password must be, wherever one is set (`quotaplan user add`, POST /members, an
// admin's password reset, a user's own change-password): 12 to 128 characters, not one character
// repeated, not one of the common passwords of breach corpora, and not easy to guess by the
// patterns attackers try first (OWASP ASVS 2.1.7; no composition rules, 2.1.9). The list and
// the guess estimate are zxcvbn-ts's (MIT): its common-password dictionary (about 49,000
// passwords from public breach lists) and its matchers for repeats, sequences, keyboard walks,
// dates, l33t and the person's own e-mail and name.

import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/** Password length bounds for sign-in and for every place a password is set. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * zxcvbn's score from 0 (too guessable) to 4; 3 means more than 10⁸ guesses, which an online
 * attacker behind the sign-in limits and an offline one against argon2id cannot reach.
 */
export const MINIMUM_PASSWORD_SCORE = 3;

/**
 * Only the first 48 characters are estimated, with at most 10 l33t substitutions per word: the
 * estimate runs on the event loop and its defaults took 0.3 s for a 128-character password
 * (these bounds: 10 to 30 ms), and 48 characters that are hard to guess stay hard to guess
 * whatever follows them.
 */
const JUDGED_LENGTH = 48;

/** Why a password was refused, in words for the person choosing it (never the password). */
export interface PasswordRefusal {
  reason: 'length' | 'repeated' | 'common' | 'guessable';
  message: string;
}

let factory: ZxcvbnFactory | null = null;
let common: ReadonlySet<string> | null = null;

/** Built on first use: decompressing the dictionaries takes a few hundred milliseconds. */
function estimator(): { zxcvbn: ZxcvbnFactory; common: ReadonlySet<string> } {
  factory ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    maxLength: JUDGED_LENGTH,
    l33tMaxSubstitutions: 10,
  });
  common ??= new Set(dictionary['passwords-common'].map((word) => word.toLowerCase()));
  return { zxcvbn: factory, common };
}

/**
 * Null when `password` may be set for the person with this e-mail and name, else why not.
 * The e-mail and name count as words an attacker would try.
 */
export function passwordRefusal(
  password: string,
  person: { email?: string | undefined; name?: string | undefined } = {},
): PasswordRefusal | null {
  const { length } = password;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    return {
      reason: 'length',
      message: `has ${length} characters; expected ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH}`,
    };
  }
  if (new Set(password).size === 1) {
    return {
      reason: 'repeated',
      message: 'is one character repeated; expected a password that is hard to guess',
    };
  }
  const { zxcvbn, common: list } = estimator();
  if (list.has(password.toLowerCase())) {
    return {
      reason: 'common',
      message:
        'is one of the most common passwords (it appears in public lists of breached passwords); expected one that is not',
    };
  }
  const inputs = [person.email, person.email?.split('@')[0], person.name].filter(
    (word): word is string => word !== undefined && word.trim() !== '',
  );
  if (zxcvbn.check(password, inputs).score < MINIMUM_PASSWORD_SCORE) {
    return {
      reason: 'guessable',
      message:
        'is easy to guess (a common password or word with small changes, a sequence, a keyboard pattern, a date or the person’s own name or e-mail); expected a longer phrase of unrelated words',
    };
  }
  return null;
}
