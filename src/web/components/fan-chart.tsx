// Scenarios side by side as a fan (Apache ECharts, SVG renderer): for each scenario the band of
// simulated team bookings from p10 to p90, the median, and the target as a line. The figure
// carries a summary for screen readers; the page shows the same numbers in a table.

import { useEffect, useRef } from 'react';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Formatter } from '../format.ts';

use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface FanPoint {
  scenario: string;
  p10: number;
  p50: number;
  p90: number;
}

export function FanChart({
  title,
  points,
  target,
  format,
}: {
  title: string;
  points: readonly FanPoint[];
  /** Cents. */
  target: number;
  format: Formatter;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = element.current;
    if (node === null) return;
    const chart = init(node, undefined, { renderer: 'svg' });
    const units = (cents: number): number => cents / 100;
    chart.setOption({
      animation: false,
      grid: { left: 16, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, data: ['p10 to p90', 'Median (p50)', 'Target'] },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) =>
          typeof value === 'number' ? format.money(value * 100) : '–',
      },
      xAxis: {
        type: 'category',
        data: points.map((p) => p.scenario),
        axisLabel: { color: '#1b1f24' },
      },
      yAxis: {
        type: 'value',
        axisLabel: { color: '#1b1f24', formatter: (v: number) => format.money(v * 100) },
      },
      series: [
        // An invisible base up to p10 with the p10–p90 band stacked on it.
        {
          name: 'base',
          type: 'bar',
          stack: 'fan',
          itemStyle: { color: 'transparent' },
          tooltip: { show: false },
          data: points.map((p) => units(p.p10)),
        },
        {
          name: 'p10 to p90',
          type: 'bar',
          stack: 'fan',
          itemStyle: { color: '#9ec5fe' },
          data: points.map((p) => units(p.p90 - p.p10)),
        },
        {
          name: 'Median (p50)',
          type: 'line',
          itemStyle: { color: '#0b4fb3' },
          data: points.map((p) => units(p.p50)),
        },
        {
          name: 'Target',
          type: 'line',
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#a40e26' },
          itemStyle: { color: '#a40e26' },
          data: points.map(() => units(target)),
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
  }, [points, target, format]);
  const summary = `${title}: ${points
    .map(
      (p) =>
        `${p.scenario} from ${format.money(p.p10)} to ${format.money(p.p90)}, median ${format.money(p.p50)}`,
    )
    .join('; ')}; target ${format.money(target)}.`;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div ref={element} className="chart-canvas" role="img" aria-label={summary} />
    </figure>
  );
}
