// A version's back-test (METHOD §7): the plan replayed on the year before it — the histogram of
// attainment buckets, the verdict, k* and T* (the ambition at which three reps in four would have
// attained, and its target), and the same by territory, segment and quarter.

import { useQuery } from '@tanstack/react-query';
import { BucketChart } from '../../components/bucket-chart.tsx';
import { CsvButton } from '../../components/csv-button.tsx';
import { csvFileName, percentColumn } from '../../csv-export.ts';
import type { CsvColumn } from '../../csv-export.ts';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Formatter } from '../../format.ts';
import { backtestQuery } from '../../planning-api.ts';
import type { BacktestView } from '../../planning-api.ts';

function GroupTable({
  caption,
  groups,
  format,
}: {
  caption: string;
  groups: BacktestView['byTerritory'];
  format: Formatter;
}) {
  type Group = BacktestView['byTerritory'][number];
  const columns: CsvColumn<Group>[] = [
    { header: 'Group', value: (g) => g.label },
    { header: 'Reps', value: (g) => g.reps },
    percentColumn('Attaining (%)', (g) => g.shareAttaining),
    ...(groups[0]?.buckets ?? []).map((bucket, i) => ({
      header: `Reps at ${bucket.label}`,
      value: (g: Group) => g.buckets[i]?.reps ?? null,
    })),
  ];
  return (
    <div className="table-wrap">
      <div className="table-actions">
        <CsvButton
          fileName={csvFileName('back-test', caption)}
          columns={columns}
          rows={groups}
          what="groups"
        />
      </div>
      <table className="compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">
              Reps
            </th>
            <th scope="col" className="num">
              Attaining
            </th>
            {groups[0]?.buckets.map((b) => (
              <th scope="col" className="num" key={b.label}>
                {b.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key} data-row-id={g.key}>
              <th scope="row">{g.label}</th>
              <td className="num">{g.reps}</td>
              <td className="num">{format.pct(g.shareAttaining)}</td>
              {g.buckets.map((b) => (
                <td className="num" key={b.label}>
                  {b.reps}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BacktestPanel({
  planId,
  version,
  format,
}: {
  planId: number;
  version: number;
  format: Formatter;
}) {
  const backtest = useQuery(backtestQuery(planId, version));
  if (backtest.isPending) return <Loading what="the back-test" />;
  if (backtest.isError) return <ErrorState error={backtest.error} what="the back-test" />;
  const b = backtest.data;
  return (
    <section aria-labelledby="backtest-title">
      <h2 id="backtest-title">Back-test</h2>
      <div className="cards">
        <div className="card">
          <h3>Verdict</h3>
          <p className={`big verdict-${b.verdict}`} data-testid="backtest-verdict">
            {b.verdict.toUpperCase()}
          </p>
          <p className="small">{b.verdictText}</p>
        </div>
        <div className="card">
          <h3>Reps attaining</h3>
          <p className="big" data-testid="backtest-share">
            {format.pct(b.shareAttaining)}
          </p>
          <p className="small">of {b.reps} reps in the test year</p>
        </div>
        <div className="card">
          <h3>k*, the calibrated ambition</h3>
          <p className="big" data-testid="backtest-kstar">
            {b.kStar === null ? '–' : b.kStar.toFixed(3)}
          </p>
          <p className="small">
            the largest target ÷ capacity at which three reps in four would have attained; this
            plan’s k = {b.ambition.toFixed(3)}
          </p>
        </div>
        <div className="card">
          <h3>T* = k* × capacity</h3>
          <p className="big" data-testid="backtest-tstar">
            {b.targetAtKStar === null ? '–' : format.money(b.targetAtKStar)}
          </p>
          <p className="small">
            {b.targetAtKStar === null
              ? 'no ambition reaches three reps in four'
              : `the target at k*; the plan’s target is ${format.money(b.planTarget)}`}
          </p>
        </div>
      </div>
      <p className="small">
        Test year {format.date(b.testWindow.from)} – {format.date(b.testWindow.to)}, fitted on{' '}
        {b.fitWindow.months} months from {format.date(b.fitWindow.from)}
        {b.inSample ? ' (in sample: the fit overlaps the test year)' : ''}.
      </p>
      {b.notes.map((n) => (
        <p className="small" key={n}>
          {n}
        </p>
      ))}
      <BucketChart title="Reps by back-test attainment" buckets={b.buckets} format={format} />
      <GroupTable caption="By territory" groups={b.byTerritory} format={format} />
      <GroupTable caption="By segment" groups={b.bySegment} format={format} />
      {b.quarters.length > 0 && (
        <div className="table-wrap">
          <table className="compact narrow">
            <caption>By quarter of the test year</caption>
            <thead>
              <tr>
                <th scope="col">Quarter</th>
                <th scope="col" className="num">
                  Reps
                </th>
                <th scope="col" className="num">
                  Attaining
                </th>
              </tr>
            </thead>
            <tbody>
              {b.quarters.map((q) => (
                <tr key={q.label}>
                  <th scope="row">{q.label}</th>
                  <td className="num">{q.reps}</td>
                  <td className="num">{format.pct(q.shareAttaining)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
