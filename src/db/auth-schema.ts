// Drizzle tables behind sign-in (better-auth): people, their sessions, their credentials and
// single sign-on links, one-time verifications, login rate limits and server-wide settings.

import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

// Property names are better-auth's field names (emailVerified, userId, …), so its Drizzle
// adapter needs no field mapping; the SQL names are our snake_case ones. Table names are
// mapped in src/db/auth-store.ts (AUTH_MODEL_NAMES).

const moment = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A person who can sign in. Created by an admin (no public sign-up); e-mails are lower case. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique('users_email_unique'),
  /** True for users an admin created: their e-mail is what OIDC sign-in links on. */
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: moment('created_at').notNull().defaultNow(),
  updatedAt: moment('updated_at').notNull().defaultNow(),
});

/** A signed-in browser: the cookie holds `token` (signed), the row says whose and until when. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    token: text('token').notNull().unique('sessions_token_unique'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: moment('expires_at').notNull(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: moment('created_at').notNull().defaultNow(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
);

/**
 * How a user proves who they are: provider 'credential' holds the argon2id password hash,
 * provider 'oidc' links the identity provider's subject. (Named auth_accounts because
 * `accounts` holds CRM accounts.)
 */
export const authAccounts = pgTable(
  'auth_accounts',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    providerId: text('provider_id').notNull(),
    /** The provider's id for the person (the user id itself for passwords). */
    accountId: text('account_id').notNull(),
    password: text('password'),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: moment('access_token_expires_at'),
    refreshTokenExpiresAt: moment('refresh_token_expires_at'),
    scope: text('scope'),
    createdAt: moment('created_at').notNull().defaultNow(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('auth_accounts_user_id_idx').on(t.userId),
    uniqueIndex('auth_accounts_provider_account_unique').on(t.providerId, t.accountId),
  ],
);

/** Short-lived values: OIDC state and PKCE verifiers while a sign-in is under way. */
export const verifications = pgTable(
  'verifications',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: moment('expires_at').notNull(),
    createdAt: moment('created_at').notNull().defaultNow(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
  },
  (t) => [index('verifications_identifier_idx').on(t.identifier)],
);

/**
 * Request counters per client IP and auth path, in the database so that every server instance
 * counts against the same limit.
 */
export const rateLimits = pgTable('rate_limits', {
  id: text('id').primaryKey(),
  key: text('key').notNull().unique('rate_limits_key_unique'),
  count: integer('count').notNull(),
  /** Milliseconds since the epoch of the window's latest counted request. */
  lastRequest: bigint('last_request', { mode: 'number' }).notNull(),
});

/**
 * Failed sign-ins counted per account (`account:<e-mail>`), per client address
 * (`address:<ip>`) and per account on one address (`pair:<e-mail> <ip>`), shared by every
 * server process on the database (src/db/sign-in-throttle.ts). A pair's `last_success` marks an
 * address the account signed in from.
 */
export const signInThrottle = pgTable('sign_in_throttle', {
  key: text('key').primaryKey(),
  /** Failures since the counter last reset (attempts under way count until they succeed). */
  failures: integer('failures').notNull(),
  /** Milliseconds since the epoch of the latest counted attempt. */
  lastFailure: bigint('last_failure', { mode: 'number' }).notNull(),
  /** Milliseconds since the epoch of the latest successful sign-in (pairs only). */
  lastSuccess: bigint('last_success', { mode: 'number' }),
});

/** Server-wide values that must survive restarts, e.g. the generated auth secret. */
export const serverSettings = pgTable('server_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  createdAt: moment('created_at').notNull().defaultNow(),
});
