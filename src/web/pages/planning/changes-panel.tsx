// What changed between two versions of a plan: the inputs (added, removed, changed, by key path)
// and every rep's quota before and after, largest changes first.

import { useQuery } from '@tanstack/react-query';
import type { QuotaDiff } from '../../../core/workflow/diff-quotas.ts';
import { inputWords, itemFieldWords } from '../../../core/workflow/input-words.ts';
import type { InputValueKind } from '../../../core/workflow/input-words.ts';
import { CsvButton } from '../../components/csv-button.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { csvFileName, moneyColumn, percentColumn } from '../../csv-export.ts';
import type { CsvColumn } from '../../csv-export.ts';
import type { Formatter } from '../../format.ts';
import { diffQuery } from '../../planning-api.ts';

/**
 * A plan file value as a reader sees it: a list as 'a, b, c', a mapping as 'West: 1.2, East:
 * 0.9', anything deeper as JSON.
 */
function shown(value: unknown): string {
  if (value === undefined || value === null) return '–';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  const flat = (v: unknown): v is string | number | boolean =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (Array.isArray(value) && value.every(flat)) return value.join(', ');
  if (typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.every(([, v]) => flat(v)))
      return entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ');
  }
  return JSON.stringify(value);
}

/** A value of the plan file in words of its kind: '$4,221,000', '10%', '1 Nov 2017', '25%, 50%'. */
function valueInWords(value: unknown, kind: InputValueKind, format: Formatter): string {
  if (value === undefined || value === null) return '–';
  const share = (v: number): string =>
    new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 2 })
      .format(v)
      .replace(/^-/, '−');
  if (kind === 'amount' && typeof value === 'number') return format.money(value * 100);
  if (kind === 'share' && typeof value === 'number') return share(value);
  if (kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return format.date(value);
  }
  if (kind === 'shares' && Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    return value.length === 0 ? 'none' : value.map(share).join(', ');
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    // A planned hire or a departure: its fields in words.
    return Object.entries(value)
      .map(([k, v]) => {
        const words = itemFieldWords(k);
        return `${words.label}: ${valueInWords(v, words.kind, format)}`;
      })
      .join(', ');
  }
  return shown(value);
}

type InputChange = { path: string; kind: string; before: unknown; after: unknown };
type QuotaChange = QuotaDiff['rows'][number];

function inputCsvColumns(format: Formatter): CsvColumn<InputChange>[] {
  const words = (i: InputChange) => inputWords(i.path);
  return [
    { header: 'Input', value: (i) => words(i).label },
    { header: 'Key in the plan file', value: (i) => i.path },
    { header: 'Change', value: (i) => i.kind },
    { header: 'Before', value: (i) => valueInWords(i.before, words(i).kind, format) },
    { header: 'After', value: (i) => valueInWords(i.after, words(i).kind, format) },
  ];
}

function quotaCsvColumns(from: number, version: number): CsvColumn<QuotaChange>[] {
  return [
    { header: 'Rep id', value: (r) => r.repId },
    { header: 'Rep', value: (r) => r.name },
    { header: 'Change', value: (r) => r.status },
    moneyColumn(`Quota v${from}`, (r) => r.before),
    moneyColumn(`Quota v${version}`, (r) => r.after),
    moneyColumn('Difference', (r) => r.delta),
    percentColumn('Difference %', (r) => r.deltaShare),
  ];
}

export function ChangesPanel({
  planId,
  version,
  versions,
  from,
  onFrom,
  format,
}: {
  planId: number;
  version: number;
  /** Every version number of the plan, to compare with. */
  versions: readonly number[];
  from: number;
  onFrom: (from: number) => void;
  format: Formatter;
}) {
  const diff = useQuery({ ...diffQuery(planId, from, version), enabled: from !== version });
  // The route declares the quota rows loosely; their shape is the core's QuotaDiff.
  const quotas = diff.data?.quotas as QuotaDiff | undefined;
  const changed = (quotas?.rows ?? [])
    .filter((r) => r.status !== 'unchanged')
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  if (from === version) {
    return (
      <Empty title="Nothing to compare with">
        <p>This plan has only one version so far.</p>
      </Empty>
    );
  }
  return (
    <section aria-labelledby="changes-title">
      <h2 id="changes-title">Changes</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="diff-from">Compare v{version} with</label>
          <select
            id="diff-from"
            value={from}
            onChange={(event) => {
              onFrom(Number(event.target.value));
            }}
          >
            {versions
              .filter((v) => v !== version)
              .map((v) => (
                <option key={v} value={v}>
                  v{v}
                </option>
              ))}
          </select>
        </div>
      </div>
      {diff.isPending && <Loading what="the changes" />}
      {diff.isError && <ErrorState error={diff.error} what="the changes" />}
      {diff.data !== undefined && quotas !== undefined && (
        <>
          <p data-testid="diff-totals">
            Total {format.money(quotas.totals.before)} → {format.money(quotas.totals.after)} (
            {quotas.totals.delta >= 0 ? '+' : ''}
            {format.money(quotas.totals.delta)}) · {quotas.totals.changed} changed,{' '}
            {quotas.totals.added} added, {quotas.totals.removed} removed, {quotas.totals.unchanged}{' '}
            unchanged
          </p>
          <h3>Inputs</h3>
          {diff.data.inputs.length === 0 ? (
            <p>No input changed.</p>
          ) : (
            <div className="table-wrap">
              <CsvButton
                fileName={csvFileName('plan', planId, 'inputs', `v${from}`, `v${version}`)}
                columns={inputCsvColumns(format)}
                rows={diff.data.inputs}
                what="inputs"
              />
              <table data-testid="diff-inputs">
                <caption>
                  Inputs changed from v{from} to v{version}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Input</th>
                    <th scope="col">Change</th>
                    <th scope="col">Before</th>
                    <th scope="col">After</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.data.inputs.map((i) => {
                    const words = inputWords(i.path);
                    return (
                      <tr key={i.path} data-path={i.path}>
                        <td title={i.path}>{words.label}</td>
                        <td>{i.kind}</td>
                        <td>{valueInWords(i.before, words.kind, format)}</td>
                        <td>{valueInWords(i.after, words.kind, format)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <h3>Quotas</h3>
          {changed.length === 0 ? (
            <Empty title="No quota changed" />
          ) : (
            <div className="table-wrap">
              <CsvButton
                fileName={csvFileName('plan', planId, 'quota changes', `v${from}`, `v${version}`)}
                columns={quotaCsvColumns(from, version)}
                rows={changed}
                what="reps"
              />
              <table data-testid="diff-quotas">
                <caption>Quotas that changed, largest change first</caption>
                <thead>
                  <tr>
                    <th scope="col">Rep</th>
                    <th scope="col">Change</th>
                    <th scope="col" className="num">
                      v{from}
                    </th>
                    <th scope="col" className="num">
                      v{version}
                    </th>
                    <th scope="col" className="num">
                      Difference
                    </th>
                    <th scope="col" className="num">
                      %
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {changed.map((r) => (
                    <tr key={r.repId} data-row-id={r.repId}>
                      <td>{r.name}</td>
                      <td>{r.status}</td>
                      <td className="num">{r.before === null ? '–' : format.money(r.before)}</td>
                      <td className="num">{r.after === null ? '–' : format.money(r.after)}</td>
                      <td className="num">
                        {r.delta >= 0 ? '+' : ''}
                        {format.money(r.delta)}
                      </td>
                      <td className="num">{format.pct(r.deltaShare)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
