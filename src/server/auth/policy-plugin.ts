// quotaplan's rules on top of better-auth's routes, as a plugin of hooks: password sign-ins are
// counted and held back per account and address (sign-in-guard.ts) and every outcome is logged
// with the account and the client address (never the password); a new password set through
// /change-password must pass the password policy; no answer carries a session token (the cookie
// is the only place it travels), and a session is revoked by its id instead.

import {
  APIError,
  createAuthMiddleware,
  getIP,
  getSessionFromCtx,
  isAPIError,
} from 'better-auth/api';
import type { BetterAuthPlugin } from 'better-auth';
import { z } from 'zod';
import { passwordRefusal } from './password-policy.ts';
import type { SignInClaim, SignInGuard } from './sign-in-guard.ts';

export interface PolicyPluginOptions {
  guard: SignInGuard;
  /** Where sign-in outcomes go (the server log). */
  log: (message: string) => void;
}

/** The code of the 429 answer to an attempt held back (with Retry-After in seconds). */
export const SIGN_IN_HELD_BACK_CODE = 'TOO_MANY_FAILED_SIGN_INS';
/** The code of the 400 answer to a new password the policy refuses. */
export const PASSWORD_REFUSED_CODE = 'PASSWORD_REFUSED';

const emailSchema = z.email();

export function policyPlugin(options: PolicyPluginOptions): BetterAuthPlugin {
  const { guard, log } = options;
  // The attempt's claim, from the before hook to the after hook of the same request.
  const claims = new WeakMap<object, SignInClaim>();

  return {
    id: 'quotaplan-policy',
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === '/sign-in/email',
          handler: createAuthMiddleware(async (ctx) => {
            const email = signInEmail(ctx.body);
            // Not an e-mail: better-auth answers 400 without checking any password.
            if (email === null) return;
            const ip = clientIp(ctx);
            const outcome = await guard.begin(email, ip);
            if ('heldBack' in outcome) {
              const { scope, retryAfterSeconds } = outcome.heldBack;
              log(
                `sign-in held back: account ${JSON.stringify(email)} from ${ip ?? 'an unknown address'}, too many failed sign-ins ${scope === 'account' ? 'on the account' : 'from the address'}; next try in ${retryAfterSeconds} s`,
              );
              throw new APIError(
                'TOO_MANY_REQUESTS',
                {
                  code: SIGN_IN_HELD_BACK_CODE,
                  message: `Too many failed sign-ins ${scope === 'account' ? 'for this account' : 'from this address'}: try again in ${retryAfterSeconds} seconds.`,
                },
                { 'Retry-After': String(retryAfterSeconds) },
              );
            }
            const key = claimKey(ctx);
            if (key !== null) claims.set(key, outcome.claim);
          }),
        },
        {
          matcher: (ctx) => ctx.path === '/change-password',
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as { newPassword?: unknown };
            if (typeof body.newPassword !== 'string') return;
            const session = await getSessionFromCtx(ctx);
            const refusal = passwordRefusal(body.newPassword, {
              email: session?.user.email,
              name: session?.user.name,
            });
            if (refusal !== null) {
              throw new APIError('BAD_REQUEST', {
                code: PASSWORD_REFUSED_CODE,
                message: `newPassword: ${refusal.message}`,
              });
            }
          }),
        },
        {
          // { id } names a session of list-sessions, which answers no tokens.
          matcher: (ctx) => ctx.path === '/revoke-session',
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as { id?: unknown; token?: unknown };
            if (typeof body.id !== 'string' || body.token !== undefined) return;
            const found = await ctx.context.adapter.findOne<{ token: string }>({
              model: 'session',
              where: [{ field: 'id', value: body.id }],
            });
            // better-auth deletes only the caller's own sessions; an unknown id deletes nothing.
            return { context: { body: { token: found?.token ?? `no session ${body.id}` } } };
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === '/sign-in/email',
          handler: createAuthMiddleware(async (ctx) => {
            const email = signInEmail(ctx.body);
            if (email === null) return;
            const ip = clientIp(ctx) ?? 'an unknown address';
            const returned: unknown = ctx.context.returned;
            const key = claimKey(ctx);
            const claim = key === null ? undefined : claims.get(key);
            if (isAPIError(returned) || returned instanceof Error) {
              const status = isAPIError(returned) ? returned.statusCode : 500;
              const reason = status === 401 ? 'wrong e-mail or password' : `answered ${status}`;
              log(`sign-in failed: account ${JSON.stringify(email)} from ${ip} (${reason})`);
              return;
            }
            if (claim !== undefined) await guard.succeeded(claim);
            log(`signed in: account ${JSON.stringify(email)} from ${ip}`);
          }),
        },
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const returned: unknown = ctx.context.returned;
            const stripped = withoutSessionTokens(returned);
            if (stripped !== returned) ctx.context.returned = stripped;
            return Promise.resolve();
          }),
        },
      ],
    },
  };
}

/** The lower-case e-mail of a sign-in body, or null when it is not an e-mail address. */
function signInEmail(body: unknown): string | null {
  const raw = (body as { email?: unknown } | undefined)?.email;
  if (typeof raw !== 'string') return null;
  const email = raw.trim().toLowerCase();
  return emailSchema.safeParse(email).success ? email : null;
}

interface HookContext {
  request?: Request | undefined;
  headers?: Headers | undefined;
  context: { options: Parameters<typeof getIP>[1] };
}

/** The client address better-auth sees (mountAuthRoutes sets it from the connection). */
function clientIp(ctx: HookContext): string | null {
  const source = ctx.request ?? ctx.headers;
  return source === undefined ? null : getIP(source, ctx.context.options);
}

/** The request object both hooks of one call share (better-auth copies the body between them). */
function claimKey(ctx: HookContext): object | null {
  return ctx.request ?? ctx.headers ?? null;
}

/**
 * An answer without session tokens: `token` removed from the answer, from its `session` and from
 * each element of a list (sign-in, get-session, list-sessions, change-password). Anything else
 * is returned as it is.
 */
export function withoutSessionTokens(value: unknown): unknown {
  if (Array.isArray(value)) {
    const mapped = value.map((item) => withoutSessionTokens(item));
    return mapped.some((item, i) => item !== value[i]) ? mapped : value;
  }
  if (!isPlainObject(value)) return value;
  const hasToken = 'token' in value;
  const session = value.session;
  const strippedSession = withoutSessionTokens(session);
  if (!hasToken && strippedSession === session) return value;
  const copy: Record<string, unknown> = { ...value };
  delete copy.token;
  if ('session' in value) copy.session = strippedSession;
  return copy;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
