// A real OpenID Connect provider (npm oidc-provider) on 127.0.0.1 at a random port, with one
// client and a fixed set of accounts, for driving single sign-on end to end in tests.

import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdpAccount {
  /** The subject (`sub`), also what the development login form takes as the login name. */
  sub: string;
  email: string;
  name: string;
}

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/**
 * Starts the provider with its development login and consent pages (any password is accepted
 * for a known login). `redirectUri` is the relying party's callback, registered for the client.
 */
export async function startTestIdp(
  redirectUri: string,
  accounts: readonly TestIdpAccount[],
): Promise<TestIdp> {
  // The issuer names the port, so the server listens before the provider exists.
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server = createServer((req, res) => {
    if (handle === null) {
      res.statusCode = 503;
      res.end();
    } else {
      handle(req, res);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'quotaplan-test';
  const clientSecret = 'a-client-secret-for-tests-only-0123456789';

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test-cookie-signing-key-not-secret'] },
    // Short lifetimes, stated so the provider does not print a notice for each default.
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    findAccount: (_ctx, sub) => {
      const account = accounts.find((a) => a.sub === sub);
      if (account === undefined) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: account.email, email_verified: true, name: account.name }),
      };
    },
  });
  // The provider's own warnings (development interactions, generated keys) are expected here.
  provider.on('server_error', (_ctx, error) => {
    console.error('test IdP server error', error);
  });
  const callback = provider.callback();
  handle = (req, res) => {
    void callback(req, res);
  };

  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
