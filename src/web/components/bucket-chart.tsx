// The back-test's histogram (Apache ECharts, SVG renderer): how many reps would have reached each
// attainment bucket; the figure carries a summary for screen readers and the numbers as a table.

import { useEffect, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Formatter } from '../format.ts';

use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

export interface BucketPoint {
  label: string;
  min: number;
  reps: number;
  share: number;
}

export function BucketChart({
  title,
  buckets,
  format,
}: {
  title: string;
  buckets: readonly BucketPoint[];
  format: Formatter;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = element.current;
    if (node === null) return;
    const chart = init(node, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      grid: { left: 16, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: buckets.map((b) => b.label),
        axisLabel: { color: '#1b1f24' },
      },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#1b1f24' } },
      series: [
        {
          name: 'Reps',
          type: 'bar',
          // Attaining buckets (100% and above) in green, the others in grey.
          data: buckets.map((b) => ({
            value: b.reps,
            itemStyle: { color: b.min >= 1 ? '#1a7f37' : '#5b6b7f' },
          })),
        },
      ],
    });
    const resize = (): void => {
      chart.resize();
    };
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [buckets]);
  const summary = `${title}: ${buckets.map((b) => `${b.label} ${b.reps} reps`).join(', ')}.`;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={element} className="chart-canvas" role="img" aria-label={summary} />
      <details>
        <summary>The numbers by bucket</summary>
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">Attainment</th>
              <th scope="col" className="num">
                Reps
              </th>
              <th scope="col" className="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td className="num">{b.reps}</td>
                <td className="num">{format.pct(b.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
