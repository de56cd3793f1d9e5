// What the sign-in page needs to know before anyone is signed in: whether single sign-on is on.
// Public, and it says nothing else (not the provider, not the client id).

import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Schema } from 'hono';
import { authConfigSchema } from '../../contracts/api.ts';
import type { AppEnv } from '../context.ts';
import { json } from './common.ts';

export function registerAuthConfigRoute<S extends Schema>(
  app: OpenAPIHono<AppEnv, S>,
  options: { oidc: boolean },
) {
  return app.openapi(
    createRoute({
      method: 'get',
      path: '/api/auth-config',
      summary: 'Sign-in options (public): whether single sign-on (OIDC) is on',
      responses: { 200: json(authConfigSchema, 'Sign-in options') },
    }),
    (c) => c.json({ oidc: options.oidc }, 200),
  );
}
