// The authentication layer's public API: build the better-auth instance, mount it on Hono, read
// the session user, guard state-changing routes, and manage password users server-side.

export {
  AUTH_BASE_PATH,
  CLIENT_IP_HEADER,
  createAuth,
  DEFAULT_LOGIN_RATE_LIMIT,
  OIDC_CALLBACK_PATH,
  OIDC_PROVIDER_ID,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  resolveTrustedOrigins,
  SESSION_EXPIRES_IN_SECONDS,
  SESSION_UPDATE_AGE_SECONDS,
} from './create-auth.ts';
export type {
  CreateAuthOptions,
  OidcOptions,
  QuotaplanAuth,
  RateLimitRule,
} from './create-auth.ts';
export { CSRF_REFUSED_CODE, csrfProtection } from './csrf.ts';
export { createAuthFromEnvironment, readAuthEnvironment } from './environment.ts';
export type { AuthEnvironment, AuthFromEnvironment } from './environment.ts';
export {
  AuthConfigError,
  InvalidUserInputError,
  UserExistsError,
  UserNotFoundError,
} from './errors.ts';
export { connectionIp, mountAuthRoutes, sessionMiddleware } from './session.ts';
export type {
  AuthVariables,
  ClientIpResolver,
  MountAuthOptions,
  SessionCache,
  SessionMiddlewareOptions,
  SessionUser,
} from './session.ts';
export {
  createPasswordUser,
  insertPasswordUser,
  preparePasswordUser,
  setPassword,
} from './users.ts';
export type {
  CreatedUser,
  NewPasswordUser,
  PasswordChange,
  PreparedPasswordUser,
} from './users.ts';
