// Server-side account management, for admins and the CLI only (public sign-up is off): create a
// user with a password, set a user's password. Both go through better-auth's own context
// (password hasher, internal adapter), the way its admin plugin does, not over HTTP.

import { getCurrentAdapter, runWithTransaction } from '@better-auth/core/context';
import { z } from 'zod';
import type { QuotaplanAuth } from './create-auth.ts';
import { InvalidUserInputError, UserExistsError, UserNotFoundError } from './errors.ts';
import { passwordRefusal } from './password-policy.ts';

/** better-auth's provider id for e-mail and password credentials. */
const CREDENTIAL_PROVIDER = 'credential';

export interface NewPasswordUser {
  email: string;
  name: string;
  password: string;
}

export interface CreatedUser {
  userId: string;
  /** Lower case, as stored. */
  email: string;
  name: string;
}

/** A new password user, checked and with the password hashed, not stored yet. */
export interface PreparedPasswordUser {
  email: string;
  name: string;
  /** The argon2id hash; the password itself is not kept. */
  passwordHash: string;
}

/**
 * Checks a new password user and hashes the password (which takes a while: do it before any
 * transaction). Throws InvalidUserInputError for a malformed e-mail, an empty name or a password
 * the policy refuses (password-policy.ts: length, one repeated character, a common or easily
 * guessed password).
 */
export async function preparePasswordUser(
  auth: QuotaplanAuth,
  input: NewPasswordUser,
): Promise<PreparedPasswordUser> {
  const ctx = await auth.$context;
  const email = normaliseEmail(input.email);
  const name = input.name.trim();
  if (name === '') throw new InvalidUserInputError('name', 'is empty; expected the person’s name');
  checkNewPassword(input.password, { email, name });
  return { email, name, passwordHash: await ctx.password.hash(input.password) };
}

/**
 * Stores a prepared user and their credential, all or nothing. Inside
 * `inTransactionWithAuth` (services/auth-storage.ts) both join that transaction, so whatever
 * else it writes (the membership) lands with them or not at all. Throws UserExistsError when
 * the e-mail is taken.
 */
export async function insertPasswordUser(
  auth: QuotaplanAuth,
  prepared: PreparedPasswordUser,
): Promise<CreatedUser> {
  const ctx = await auth.$context;
  const { email, name, passwordHash } = prepared;
  if ((await ctx.internalAdapter.findUserByEmail(email)) !== null) throw new UserExistsError(email);
  // The adapter of the transaction we are in, if any (its own transaction is then a savepoint).
  const adapter = (await getCurrentAdapter(ctx.adapter)) as typeof ctx.adapter;
  const user = await runWithTransaction(adapter, async () => {
    const created = await ctx.internalAdapter.createUser(
      { email, name, emailVerified: true },
      { method: 'admin' },
    );
    await ctx.internalAdapter.linkAccount({
      providerId: CREDENTIAL_PROVIDER,
      accountId: created.id,
      userId: created.id,
      password: passwordHash,
    });
    return created;
  });
  return { userId: user.id, email: user.email, name: user.name };
}

/**
 * Creates a user who signs in with `password` (stored as an argon2id hash). The e-mail is
 * trimmed and lower-cased and marked verified: the admin vouches for it, and OIDC sign-in links
 * on it. Throws InvalidUserInputError for a malformed e-mail, an empty name or a password the
 * policy refuses (password-policy.ts: length, one repeated character, a common or easily guessed
 * password), UserExistsError when the e-mail is taken. All or nothing.
 */
export async function createPasswordUser(
  auth: QuotaplanAuth,
  input: NewPasswordUser,
): Promise<CreatedUser> {
  const ctx = await auth.$context;
  const email = normaliseEmail(input.email);
  // Refused before the hash is paid for; insertPasswordUser checks again.
  if ((await ctx.internalAdapter.findUserByEmail(email)) !== null) throw new UserExistsError(email);
  return insertPasswordUser(auth, await preparePasswordUser(auth, input));
}

export interface PasswordChange {
  email: string;
  password: string;
  /** Sign the user out everywhere (default true): whoever knew the old password is cut off. */
  revokeSessions?: boolean | undefined;
}

/**
 * Sets the password of the user with this e-mail (adding a password to a user who so far only
 * signed in through OIDC), and clears the failed sign-ins counted against the account (an admin
 * who resets a password unlocks it). Throws InvalidUserInputError for a password the policy
 * refuses, UserNotFoundError for an unknown e-mail. Returns the user's id.
 */
export async function setPassword(auth: QuotaplanAuth, change: PasswordChange): Promise<string> {
  const ctx = await auth.$context;
  const email = normaliseEmail(change.email);
  const found = await ctx.internalAdapter.findUserByEmail(email);
  if (found === null) throw new UserNotFoundError(email);
  checkNewPassword(change.password, { email, name: found.user.name });
  const userId = found.user.id;
  const passwordHash = await ctx.password.hash(change.password);
  await runWithTransaction(ctx.adapter, async () => {
    if ((await ctx.internalAdapter.findCredentialAccount(userId)) !== null) {
      await ctx.internalAdapter.updatePassword(userId, passwordHash);
    } else {
      await ctx.internalAdapter.linkAccount({
        providerId: CREDENTIAL_PROVIDER,
        accountId: userId,
        userId,
        password: passwordHash,
      });
    }
    if (change.revokeSessions ?? true) await ctx.internalAdapter.deleteUserSessions(userId);
  });
  await auth.signInGuard.clearAccount(email);
  return userId;
}

const emailSchema = z.email();

function normaliseEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) {
    throw new InvalidUserInputError(
      'email',
      `${JSON.stringify(value)} is not an e-mail address; expected e.g. ana@example.com`,
    );
  }
  return email;
}

function checkNewPassword(password: string, person: { email: string; name: string }): void {
  const refusal = passwordRefusal(password, person);
  if (refusal !== null) throw new InvalidUserInputError('password', refusal.message);
}
