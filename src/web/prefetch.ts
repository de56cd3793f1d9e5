// Render-as-you-fetch: the numbers a dashboard URL needs are asked for as the app starts, beside
// "who am I" and the workspace, instead of after them. The keys are the ones the pages use, so
// each page finds its data in the cache (or on its way).

import type { QueryClient } from '@tanstack/react-query';
import { attainmentQuery } from './api.ts';
import { readFilters } from './filters.ts';
import { matchPath } from './router.ts';

/** A failed prefetch is left for the page's own query to show (and retry). */
export function ignore(): undefined {
  return undefined;
}

export function prefetchForLocation(
  queryClient: QueryClient,
  path: string,
  search: URLSearchParams,
): void {
  const team = matchPath('/plans/:planId/team', path);
  const organisation = matchPath('/plans/:planId/organisation', path);
  const rep = matchPath('/plans/:planId/reps/:repId', path);
  const planId = Number((team ?? organisation ?? rep)?.planId);
  if (!Number.isInteger(planId) || planId < 1) return;
  const filters = readFilters(search);
  const period = { planId, period: filters.period, index: filters.index };
  if (rep !== null) {
    queryClient.query(attainmentQuery({ ...period, rep: rep.repId })).catch(ignore);
    return;
  }
  queryClient
    .query(
      attainmentQuery({
        ...period,
        // A manager's own team is asked for without a manager (see the team page).
        manager: team === null ? undefined : filters.manager,
        rep: filters.rep,
        territory: filters.territory,
        segment: filters.segment,
        series: 'summary',
      }),
    )
    .catch(ignore);
}
