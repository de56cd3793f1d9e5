// A version's scenarios (METHOD §8), side by side: the fan of simulated team bookings (p10, p50,
// p90) against the target, the chance the team reaches it, and each rep's chance of attaining
// under every scenario.

import { useQuery } from '@tanstack/react-query';
import { CsvButton } from '../../components/csv-button.tsx';
import { FanChart } from '../../components/fan-chart.tsx';
import { csvFileName, moneyColumn, percentColumn } from '../../csv-export.ts';
import type { CsvColumn } from '../../csv-export.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Formatter } from '../../format.ts';
import { scenariosQuery } from '../../planning-api.ts';
import { CustomScenario } from './custom-scenario.tsx';
import type { VersionQuota } from '../../planning-api.ts';
import { NoHistoryNote, NoHistoryTag } from '../../components/quota-table.tsx';

export function ScenariosPanel({
  planId,
  version,
  format,
  quotas,
}: {
  planId: number;
  version: number;
  format: Formatter;
  /** The version's quotas: their "no history" flags. */
  quotas: readonly VersionQuota[];
}) {
  const result = useQuery(scenariosQuery(planId, version));
  if (result.isPending) return <Loading what="the scenarios (simulating)" />;
  if (result.isError) return <ErrorState error={result.error} what="the scenarios" />;
  const r = result.data;
  const first = r.scenarios[0];
  const reps = first?.reps ?? [];
  type Scenario = (typeof r.scenarios)[number];
  type Rep = (typeof reps)[number];
  const scenarioColumns: CsvColumn<Scenario>[] = [
    { header: 'Scenario', value: (s) => s.scenario },
    percentColumn('Chance the team reaches the target (%)', (s) => s.pTeamAtTarget),
    moneyColumn('Team bookings p10', (s) => s.p10),
    moneyColumn('Team bookings p50', (s) => s.p50),
    moneyColumn('Team bookings p90', (s) => s.p90),
    percentColumn('Reps attaining, expected (%)', (s) => s.expectedShareAttaining),
    { header: 'Win rate change (points)', value: (s) => Math.round(s.levers.winRatePoints * 100) },
    { header: 'Deal size multiplier', value: (s) => s.levers.dealSizeMultiplier },
    percentColumn('Attrition (%)', (s) => s.levers.attrition),
    { header: 'Extra ramp months', value: (s) => s.levers.extraRampMonths },
    { header: 'Extra hires', value: (s) => s.levers.extraHires },
  ];
  const repColumns: CsvColumn<Rep>[] = [
    { header: 'Rep id', value: (rep) => rep.repId },
    { header: 'Rep', value: (rep) => rep.repName },
    moneyColumn('Quota', (rep) => rep.quota),
    ...r.scenarios.map((s) =>
      percentColumn<Rep>(
        `Chance of attaining, ${s.scenario} (%)`,
        (rep) => s.reps.find((x) => x.repId === rep.repId)?.pAttain ?? null,
      ),
    ),
  ];
  const noHistory = new Map(quotas.map((q) => [q.id, q.noHistory ?? null]));
  return (
    <section aria-labelledby="scenarios-title">
      <h2 id="scenarios-title">Scenarios</h2>
      <p className="small" data-testid="scenario-pool">
        {r.trials.toLocaleString(format.locale)} trials per scenario, seed {r.seed}. Target{' '}
        {format.money(r.target)}, quotas {format.money(r.quota)}, bottom-up capacity{' '}
        {format.money(r.capacity)} (growth included): a gap of {format.money(r.target - r.capacity)}{' '}
        and an ambition of {r.capacity > 0 ? `${(r.target / r.capacity).toFixed(2)}×` : '–'} (target
        ÷ capacity). Under a fixed target, growth moves the capacity, the gap and the ambition, not
        the quotas.
      </p>
      <FanChart
        title="Team bookings by scenario"
        points={r.scenarios}
        target={r.target}
        format={format}
      />
      <div className="table-actions">
        <CsvButton
          fileName={csvFileName('plan', r.planId, 'v', r.version, 'scenarios')}
          columns={scenarioColumns}
          rows={r.scenarios}
          what="scenarios"
        />
      </div>
      <div className="table-wrap">
        <table data-testid="scenarios">
          <caption>Scenarios side by side</caption>
          <thead>
            <tr>
              <th scope="col">Scenario</th>
              <th scope="col" className="num">
                P(team ≥ target)
              </th>
              <th scope="col" className="num">
                p10
              </th>
              <th scope="col" className="num">
                p50
              </th>
              <th scope="col" className="num">
                p90
              </th>
              <th scope="col" className="num">
                Reps attaining (expected)
              </th>
              <th scope="col">Levers</th>
            </tr>
          </thead>
          <tbody>
            {r.scenarios.map((s) => (
              <tr key={s.scenario} data-row-id={s.scenario}>
                <th scope="row">{s.scenario}</th>
                <td className="num" data-testid="p-team">
                  {format.pct(s.pTeamAtTarget)}
                </td>
                <td className="num">{format.money(s.p10)}</td>
                <td className="num">{format.money(s.p50)}</td>
                <td className="num">{format.money(s.p90)}</td>
                <td className="num">{format.pct(s.expectedShareAttaining)}</td>
                <td className="small">
                  win rate {s.levers.winRatePoints >= 0 ? '+' : '−'}
                  {Math.abs(Math.round(s.levers.winRatePoints * 100))} pts, deal size ×
                  {s.levers.dealSizeMultiplier}, attrition {format.pct(s.levers.attrition)}, ramp +
                  {s.levers.extraRampMonths} months, {s.levers.extraHires} extra hires
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-actions">
        <CsvButton
          fileName={csvFileName('plan', r.planId, 'v', r.version, 'scenario reps')}
          columns={repColumns}
          rows={reps.filter((rep) => rep.quota > 0)}
          what="reps"
        />
      </div>
      <NoHistoryNote quotas={quotas.filter((q) => q.quota > 0)} />
      <div className="table-wrap">
        <table className="compact" data-testid="scenario-reps">
          <caption>Each rep’s chance of attaining, by scenario</caption>
          <thead>
            <tr>
              <th scope="col">Rep</th>
              <th scope="col" className="num">
                Quota
              </th>
              {r.scenarios.map((s) => (
                <th scope="col" className="num" key={s.scenario}>
                  {s.scenario}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {reps
              .filter((rep) => rep.quota > 0)
              .map((rep, i) => (
                <tr key={rep.repId} data-row-id={rep.repId}>
                  <th scope="row">
                    {rep.repName}
                    <NoHistoryTag reason={noHistory.get(rep.repId)} />
                  </th>
                  <td className="num">{format.money(rep.quota)}</td>
                  {r.scenarios.map((s) => (
                    <td className="num" key={s.scenario}>
                      {format.pct(
                        (s.reps[i]?.repId === rep.repId
                          ? s.reps[i]
                          : s.reps.find((x) => x.repId === rep.repId)
                        )?.pAttain ?? null,
                      )}
                    </td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      <CustomScenario planId={planId} version={version} format={format} />
    </section>
  );
}
