// Entry point: one query client for the whole app (server data is cached per query key and
// refetched when stale), then the app.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, meQuery, wasSignedIn, workspaceQuery } from './api.ts';
import { App } from './app.tsx';
import { ignore, prefetchForLocation } from './prefetch.ts';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refusal (not found, forbidden) will not change on a retry; a network hiccup may.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status < 500) && failures < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// Who is signed in, their workspace and the page's numbers, asked together rather than one after
// the other when this browser was signed in last time; otherwise the workspace and the numbers
// wait for "who am I", so a signed-out visitor sends no request the server refuses.
function prefetchSignedIn(): void {
  queryClient.query(workspaceQuery).catch(ignore);
  prefetchForLocation(
    queryClient,
    window.location.pathname,
    new URLSearchParams(window.location.search),
  );
}
const me = queryClient.query(meQuery);
if (wasSignedIn()) {
  me.catch(ignore);
  prefetchSignedIn();
} else {
  me.then((signedIn) => {
    if (signedIn !== null) prefetchSignedIn();
  }).catch(ignore);
}

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
