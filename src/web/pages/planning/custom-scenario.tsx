// A scenario of one's own in the Scenarios tab (METHOD §8): the simulation's levers (win rate,
// deal size, attrition, ramp, extra hires) and the plan's inputs that move the quotas (growth,
// top-down share, over-assignment, the target), simulated beside the plan under the expected
// levers. Nothing is saved: a scenario worth keeping becomes an edit in the Edit tab.

import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { CsvButton } from '../../components/csv-button.tsx';
import { moneyColumn, percentColumn } from '../../csv-export.ts';
import type { CsvColumn } from '../../csv-export.ts';
import type { Formatter } from '../../format.ts';
import { amountInput } from '../../planning.ts';
import { simulateCustomScenario } from '../../planning-api.ts';
import type { CustomScenarioRequest, CustomScenarioView } from '../../planning-api.ts';

interface LeverField {
  key: string;
  label: string;
  /** What the field holds by default (as typed), and how its text becomes the request's value. */
  initial: string;
  hint: string;
}

const FIELDS: readonly LeverField[] = [
  { key: 'winRatePoints', label: 'Win rate change (points)', initial: '0', hint: '-10 to +10' },
  { key: 'dealSizeMultiplier', label: 'Deal size (× today’s)', initial: '1', hint: 'e.g. 1.1' },
  { key: 'attrition', label: 'Attrition (% a year)', initial: '13.9', hint: '0 to 100' },
  { key: 'extraRampMonths', label: 'Extra ramp (months)', initial: '0', hint: '0 to 24' },
  { key: 'extraHires', label: 'Extra hires', initial: '0', hint: 'ramped hires at the start' },
  { key: 'growth', label: 'Growth (%)', initial: '', hint: 'the plan’s when empty' },
  { key: 'topDownShare', label: 'Top-down share (%)', initial: '', hint: 'the plan’s when empty' },
  {
    key: 'overAssignment',
    label: 'Over-assignment (%)',
    initial: '',
    hint: 'the plan’s when empty',
  },
  { key: 'target', label: 'Company target', initial: '', hint: 'the plan’s when empty' },
];

type Typed = Record<string, string>;

const number = (text: string | undefined): number | null => {
  const trimmed = (text ?? '').trim().replaceAll(',', '');
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  return Number(trimmed);
};

/** The request of the typed fields, or the names of the fields that are not numbers. */
function requestOf(typed: Typed): { request: CustomScenarioRequest } | { bad: string[] } {
  const bad: string[] = [];
  const need = (key: string, scale = 1): number => {
    const v = number(typed[key]);
    if (v === null) {
      bad.push(FIELDS.find((f) => f.key === key)?.label ?? key);
      return 0;
    }
    return v * scale;
  };
  const optional = (key: string, scale = 1): number | undefined =>
    (typed[key] ?? '').trim() === '' ? undefined : need(key, scale);
  const request: CustomScenarioRequest = {
    levers: {
      winRatePoints: need('winRatePoints', 0.01),
      dealSizeMultiplier: need('dealSizeMultiplier'),
      attrition: need('attrition', 0.01),
      extraRampMonths: need('extraRampMonths'),
      extraHires: need('extraHires'),
    },
  };
  const growth = optional('growth', 0.01);
  const topDownShare = optional('topDownShare', 0.01);
  const overAssignment = optional('overAssignment', 0.01);
  const targetText = (typed.target ?? '').trim();
  if (growth !== undefined) request.growth = growth;
  if (topDownShare !== undefined) request.topDownShare = topDownShare;
  if (overAssignment !== undefined) request.overAssignment = overAssignment;
  if (targetText !== '') {
    const target = amountInput(targetText);
    if (target === null) bad.push('Company target');
    else request.target = target;
  }
  return bad.length > 0 ? { bad } : { request };
}

export function CustomScenario({
  planId,
  version,
  format,
}: {
  planId: number;
  version: number;
  format: Formatter;
}) {
  const [typed, setTyped] = useState<Typed>(() =>
    Object.fromEntries(FIELDS.map((f) => [f.key, f.initial])),
  );
  const parsed = requestOf(typed);
  const run = useMutation({
    mutationFn: (request: CustomScenarioRequest) =>
      simulateCustomScenario(planId, version, { ...request, trials: 2000 }),
  });
  return (
    <section className="panel" aria-labelledby="custom-title" data-testid="custom-scenario">
      <h2 id="custom-title">Your scenario</h2>
      <p className="small">
        Move the levers and the plan’s inputs, then simulate: the result appears beside the plan
        under the expected levers. Growth, the top-down share, over-assignment and the target change
        the quotas themselves; the levers change what the team books. Nothing is saved.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if ('request' in parsed) run.mutate(parsed.request);
        }}
      >
        <div className="form-grid">
          {FIELDS.map((f) => (
            <div className="field" key={f.key}>
              <label htmlFor={`lever-${f.key}`}>{f.label}</label>
              <input
                id={`lever-${f.key}`}
                inputMode="decimal"
                value={typed[f.key] ?? ''}
                placeholder={f.hint}
                aria-describedby={`lever-${f.key}-hint`}
                onChange={(event) => {
                  setTyped({ ...typed, [f.key]: event.target.value });
                }}
              />
              <span id={`lever-${f.key}-hint`} className="small">
                {f.hint}
              </span>
            </div>
          ))}
        </div>
        {'bad' in parsed && <p className="small">Not a number: {parsed.bad.join(', ')}.</p>}
        {run.isError && (
          <p role="alert" className="error-text">
            {run.error.message}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={'bad' in parsed || run.isPending}>
            {run.isPending ? 'Simulating…' : 'Simulate beside the plan'}
          </button>
        </div>
      </form>
      {run.data !== undefined && <Comparison view={run.data} format={format} />}
    </section>
  );
}

function Comparison({ view, format }: { view: CustomScenarioView; format: Formatter }) {
  const rows: { label: string; plan: string; custom: string }[] = [
    {
      label: 'Target',
      plan: format.money(view.plan.target),
      custom: format.money(view.custom.target),
    },
    {
      label: 'Quotas (sum)',
      plan: format.money(view.plan.quota),
      custom: format.money(view.custom.quota),
    },
    {
      label: 'Bottom-up capacity',
      plan: format.money(view.plan.capacity),
      custom: format.money(view.custom.capacity),
    },
    {
      label: 'P(team ≥ target)',
      plan: format.pct(view.plan.result.pTeamAtTarget),
      custom: format.pct(view.custom.result.pTeamAtTarget),
    },
    {
      label: 'Team bookings p10',
      plan: format.money(view.plan.result.p10),
      custom: format.money(view.custom.result.p10),
    },
    {
      label: 'Team bookings p50',
      plan: format.money(view.plan.result.p50),
      custom: format.money(view.custom.result.p50),
    },
    {
      label: 'Team bookings p90',
      plan: format.money(view.plan.result.p90),
      custom: format.money(view.custom.result.p90),
    },
    {
      label: 'Reps attaining (expected)',
      plan: format.pct(view.plan.result.expectedShareAttaining),
      custom: format.pct(view.custom.result.expectedShareAttaining),
    },
  ];
  type Rep = CustomScenarioView['reps'][number];
  const columns: CsvColumn<Rep>[] = [
    { header: 'Rep id', value: (r) => r.repId },
    { header: 'Rep', value: (r) => r.repName },
    moneyColumn('Quota in the plan', (r) => r.planQuota),
    moneyColumn('Quota in the scenario', (r) => r.customQuota),
    percentColumn('Chance of attaining in the plan (%)', (r) => r.planPAttain),
    percentColumn('Chance of attaining in the scenario (%)', (r) => r.customPAttain),
  ];
  const reps = view.reps.filter((r) => (r.planQuota ?? 0) > 0 || (r.customQuota ?? 0) > 0);
  return (
    <>
      <div className="table-wrap">
        <table className="compact" data-testid="custom-comparison">
          <caption>
            The plan (expected levers) beside your scenario, {view.trials.toLocaleString()} trials
            each, seed {view.seed}
          </caption>
          <thead>
            <tr>
              <th scope="col">Measure</th>
              <th scope="col" className="num">
                The plan
              </th>
              <th scope="col" className="num">
                Your scenario
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td className="num">{r.plan}</td>
                <td className={r.plan === r.custom ? 'num' : 'num changed'}>{r.custom}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.custom.result.notes.length > 0 && (
        <ul className="small">
          {view.custom.result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div className="table-actions">
        <h3 id="custom-reps-title">Each rep</h3>
        <CsvButton fileName="custom-scenario-reps.csv" columns={columns} rows={reps} what="reps" />
      </div>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="custom-reps-title">
        <table className="compact" data-testid="custom-reps">
          <caption className="visually-hidden">Each rep in the plan and in your scenario</caption>
          <thead>
            <tr>
              <th scope="col">Rep</th>
              <th scope="col" className="num">
                Quota: plan
              </th>
              <th scope="col" className="num">
                Quota: scenario
              </th>
              <th scope="col" className="num">
                Chance: plan
              </th>
              <th scope="col" className="num">
                Chance: scenario
              </th>
            </tr>
          </thead>
          <tbody>
            {reps.map((r) => (
              <tr key={r.repId} data-row-id={r.repId}>
                <th scope="row">{r.repName}</th>
                <td className="num">{r.planQuota === null ? '–' : format.money(r.planQuota)}</td>
                <td className="num">
                  {r.customQuota === null ? '–' : format.money(r.customQuota)}
                </td>
                <td className="num">{format.pct(r.planPAttain)}</td>
                <td className="num">{format.pct(r.customPAttain)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
