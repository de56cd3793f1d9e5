// The filter controls of a dashboard: period kind and which one, and optionally rep, territory
// and segment (the choices come from the quotas in the reader's scope). Every change rewrites
// the URL's query string.

import { useId } from 'react';
import { useFilters } from '../filters.ts';
import { currentPeriodIndex, periodOptions } from '../format.ts';
import type { Formatter, PeriodKind } from '../format.ts';

export interface Choice {
  value: string;
  label: string;
}

export function FilterBar({
  planStart,
  months,
  format,
  reps,
  territories,
  segments,
  asOf,
}: {
  planStart: string;
  months: number;
  /** The bookings' as-of date: switching to months or quarters opens the one holding it. */
  asOf?: string | undefined;
  format: Formatter;
  reps?: readonly Choice[] | undefined;
  territories?: readonly Choice[] | undefined;
  segments?: readonly Choice[] | undefined;
}) {
  const [filters, setFilters] = useFilters();
  const id = useId();
  const options = periodOptions(planStart, months, format, filters.period);
  const index = Math.min(filters.index, options.length - 1);
  return (
    <form
      className="filters"
      aria-label="Filters"
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-kind`}>Period</label>
        <select
          id={`${id}-kind`}
          value={filters.period}
          onChange={(event) => {
            const period = event.target.value as PeriodKind;
            setFilters({ period, index: currentPeriodIndex(planStart, months, period, asOf) });
          }}
        >
          <option value="month">Month</option>
          <option value="quarter">Quarter</option>
          <option value="year">Year</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-index`}>Which</label>
        <select
          id={`${id}-index`}
          value={index}
          disabled={options.length < 2}
          onChange={(event) => {
            setFilters({ index: Number(event.target.value) });
          }}
        >
          {options.map((o) => (
            <option key={o.index} value={o.index}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {reps !== undefined && reps.length > 0 && (
        <ChoiceSelect
          id={`${id}-rep`}
          label="Rep"
          all="All reps"
          value={filters.rep}
          choices={reps}
          onChange={(rep) => {
            setFilters({ rep });
          }}
        />
      )}
      {territories !== undefined && territories.length > 0 && (
        <ChoiceSelect
          id={`${id}-territory`}
          label="Territory"
          all="All territories"
          value={filters.territory}
          choices={territories}
          onChange={(territory) => {
            setFilters({ territory });
          }}
        />
      )}
      {segments !== undefined && segments.length > 0 && (
        <ChoiceSelect
          id={`${id}-segment`}
          label="Segment"
          all="All segments"
          value={filters.segment}
          choices={segments}
          onChange={(segment) => {
            setFilters({ segment });
          }}
        />
      )}
    </form>
  );
}

/** The empty value is "all"; choices have non-empty values (reps without a territory are not a choice). */
function ChoiceSelect({
  id,
  label,
  all,
  value,
  choices,
  onChange,
}: {
  id: string;
  label: string;
  all: string;
  value: string | undefined;
  choices: readonly Choice[];
  onChange: (value: string | undefined) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value === undefined ? '' : value}
        onChange={(event) => {
          const v = event.target.value;
          onChange(v === '' ? undefined : v);
        }}
      >
        <option value="">{all}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}
