// Entry point: one query client for the whole app (server data is cached per query key and
// refetched when stale), then the app.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError, meQuery, workspaceQuery } from './api.ts';
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
// the other (a signed-out visitor's requests fail quietly and are asked again after sign-in).
queryClient.query(meQuery).catch(ignore);
queryClient.query(workspaceQuery).catch(ignore);
prefetchForLocation(
  queryClient,
  window.location.pathname,
  new URLSearchParams(window.location.search),
);

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
