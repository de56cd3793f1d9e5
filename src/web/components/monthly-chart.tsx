// The monthly chart of a period (Apache ECharts, SVG renderer): quota and bookings per month as
// bars, their running sums as lines. The figure carries a summary for screen readers and the
// same numbers as a table under a disclosure.

import { useEffect, useRef } from 'react';
import { csvFileName, csvMonthLabel, moneyColumn } from '../csv-export.ts';
import { CsvButton } from './csv-button.tsx';
import type { Formatter } from '../format.ts';

export interface SeriesPoint {
  label: string;
  quota: number;
  bookings: number | null;
  cumulativeQuota: number;
  cumulativeBookings: number | null;
}

const COLOURS = {
  quota: '#5b6b7f',
  bookings: '#1f6feb',
  cumQuota: '#3b4656',
  cumBookings: '#0b4fb3',
};

export function MonthlyChart({
  title,
  series,
  format,
}: {
  title: string;
  series: readonly SeriesPoint[];
  format: Formatter;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = element.current;
    if (node === null) return;
    let disposed = false;
    let dispose = (): void => {
      disposed = true;
    };
    void import('./echarts-setup.ts').then(({ init }) => {
      if (disposed) return;
      const chart = init(node, undefined, { renderer: 'svg' });
      const units = (cents: number | null): number | null => (cents === null ? null : cents / 100);
      chart.setOption({
        animation: false,
        color: [COLOURS.quota, COLOURS.bookings, COLOURS.cumQuota, COLOURS.cumBookings],
        grid: { left: 16, right: 16, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0, textStyle: { color: '#1b1f24' } },
        tooltip: {
          trigger: 'axis',
          valueFormatter: (value: unknown) =>
            typeof value === 'number' ? format.money(value * 100) : '–',
        },
        xAxis: {
          type: 'category',
          data: series.map((p) => format.month(p.label)),
          axisLabel: { color: '#1b1f24' },
        },
        yAxis: {
          type: 'value',
          axisLabel: {
            color: '#1b1f24',
            formatter: (value: number) => format.money(value * 100),
          },
        },
        series: [
          { name: 'Quota', type: 'bar', data: series.map((p) => units(p.quota)) },
          { name: 'Bookings', type: 'bar', data: series.map((p) => units(p.bookings)) },
          {
            name: 'Cumulative quota',
            type: 'line',
            data: series.map((p) => units(p.cumulativeQuota)),
          },
          {
            name: 'Cumulative bookings',
            type: 'line',
            data: series.map((p) => units(p.cumulativeBookings)),
          },
        ],
      });
      const resize = (): void => {
        chart.resize();
      };
      window.addEventListener('resize', resize);
      dispose = () => {
        window.removeEventListener('resize', resize);
        chart.dispose();
      };
    });
    return () => {
      dispose();
    };
  }, [series, format]);

  const last = [...series].reverse().find((p) => p.cumulativeBookings !== null);
  const total = series.at(-1)?.cumulativeQuota ?? 0;
  const summary =
    last === undefined
      ? `${title}: quota ${format.money(total)}; no bookings yet.`
      : `${title}: ${format.money(last.cumulativeBookings ?? 0)} booked by ${format.month(last.label)} against ${format.money(last.cumulativeQuota)} of quota due by then (${format.money(total)} for the period).`;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={element} className="chart-canvas" role="img" aria-label={summary} />
      <details>
        <summary>The numbers by month</summary>
        <div className="table-actions">
          <CsvButton
            fileName={csvFileName(title)}
            columns={[
              { header: 'Month', value: (p: (typeof series)[number]) => csvMonthLabel(p.label) },
              moneyColumn('Quota', (p: (typeof series)[number]) => p.quota),
              moneyColumn('Bookings', (p: (typeof series)[number]) => p.bookings),
              moneyColumn('Cumulative quota', (p: (typeof series)[number]) => p.cumulativeQuota),
              moneyColumn(
                'Cumulative bookings',
                (p: (typeof series)[number]) => p.cumulativeBookings,
              ),
            ]}
            rows={series}
            what="months"
          />
        </div>
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col" className="num">
                Quota
              </th>
              <th scope="col" className="num">
                Bookings
              </th>
              <th scope="col" className="num">
                Cumulative quota
              </th>
              <th scope="col" className="num">
                Cumulative bookings
              </th>
            </tr>
          </thead>
          <tbody>
            {series.map((p) => (
              <tr key={p.label}>
                <th scope="row">{format.month(p.label)}</th>
                <td className="num">{format.money(p.quota)}</td>
                <td className="num">{p.bookings === null ? '–' : format.money(p.bookings)}</td>
                <td className="num">{format.money(p.cumulativeQuota)}</td>
                <td className="num">
                  {p.cumulativeBookings === null ? '–' : format.money(p.cumulativeBookings)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
