// Sign-in: e-mail and password, and "Sign in with SSO" when the server has single sign-on on.
// After signing in the app goes back where it was headed (?next=), else home.

import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { authConfigQuery, signInWithPassword, startSingleSignOn } from '../api.ts';
import { useLocation } from '../router.ts';

export function SignInPage() {
  const { search } = useLocation();
  const queryClient = useQueryClient();
  const config = useQuery(authConfigQuery);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(
    search.get('error') === null
      ? null
      : 'Single sign-on did not work: ' + (search.get('error') ?? ''),
  );

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    signInWithPassword(email.trim(), password)
      // Once the user is known, the app leaves this page for ?next= (see app.tsx).
      .then(() => queryClient.invalidateQueries())
      .catch((e: unknown) => {
        setError(e instanceof Error ? e.message : String(e));
        setBusy(false);
      });
  };

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to quotaplan</h1>
      <form onSubmit={submit} aria-describedby={error === null ? undefined : 'sign-in-error'}>
        <div className="field">
          <label htmlFor="email">E-mail</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => {
              setEmail(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
            }}
          />
        </div>
        {error !== null && (
          <p id="sign-in-error" role="alert" className="error-text">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {config.data?.oidc === true && (
        <div className="sso">
          <p>or</p>
          <button
            type="button"
            onClick={() => {
              startSingleSignOn()
                .then((url) => {
                  window.location.assign(url);
                })
                .catch((e: unknown) => {
                  setError(e instanceof Error ? e.message : String(e));
                });
            }}
          >
            Sign in with SSO
          </button>
        </div>
      )}
      <p className="small">Accounts are created by your RevOps team; there is no sign-up.</p>
    </main>
  );
}
