// Loading, error and empty states, the same on every page: a polite live region while loading,
// the server's own words (problem details' `detail`) on an error, and a plain sentence when
// there is nothing to show.

import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';

export function Loading({ what }: { what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      Loading {what}…
    </div>
  );
}

export function ErrorState({ error, what }: { error: unknown; what: string }) {
  const notFound = error instanceof ApiError && error.status === 404;
  const detail = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state-error" role="alert" data-state={notFound ? 'not-found' : 'error'}>
      <h2>{notFound ? 'Not found' : `Could not load ${what}`}</h2>
      <p>{detail}</p>
      {notFound ? (
        <p>It does not exist, or it is outside what your role lets you see.</p>
      ) : (
        <p>Try again in a moment; if it persists, tell your RevOps team what it says above.</p>
      )}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}
