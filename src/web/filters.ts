// The dashboard filters, kept in the URL's query string so a view can be bookmarked, shared and
// reached with the browser's back button: period (month, quarter or year, and which one), rep,
// territory, segment and, on the team page, the manager.

import { hrefOf, navigate, useLocation } from './router.ts';
import type { PeriodKind } from './format.ts';

export interface Filters {
  period: PeriodKind;
  index: number;
  rep: string | undefined;
  territory: string | undefined;
  segment: string | undefined;
  manager: string | undefined;
}

const KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];

function text(search: URLSearchParams, key: string): string | undefined {
  const value = search.get(key);
  return value === null || value === '' ? undefined : value;
}

/** Reads the filters from a query string; unknown or malformed values fall back to defaults. */
export function readFilters(search: URLSearchParams): Filters {
  const kind = search.get('period');
  const period = KINDS.find((k) => k === kind) ?? 'year';
  const index = Number(search.get('index') ?? '0');
  return {
    period,
    index: Number.isInteger(index) && index >= 0 ? index : 0,
    rep: text(search, 'rep'),
    territory: text(search, 'territory'),
    segment: text(search, 'segment'),
    manager: text(search, 'manager'),
  };
}

export function filterQuery(
  filters: Partial<Filters>,
): Record<string, string | number | undefined> {
  return {
    period: filters.period === 'year' ? undefined : filters.period,
    index: filters.period === 'year' || filters.index === 0 ? undefined : filters.index,
    manager: filters.manager,
    rep: filters.rep,
    territory: filters.territory,
    segment: filters.segment,
  };
}

/** The current filters and a setter that rewrites the query string (replacing the entry). */
export function useFilters(): [Filters, (patch: Partial<Filters>) => void] {
  const location = useLocation();
  const filters = readFilters(location.search);
  const update = (patch: Partial<Filters>): void => {
    const next = { ...filters, ...patch };
    navigate(hrefOf(location.path, filterQuery(next)), { replace: true });
  };
  return [filters, update];
}

/** The period part of the filters, to carry along on links to other dashboards. */
export function periodQuery(filters: Filters): Record<string, string | number | undefined> {
  return filterQuery({ period: filters.period, index: filters.index });
}
