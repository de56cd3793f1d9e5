// Bookings by group as horizontal bars (Apache ECharts, SVG renderer), largest first, at most 30
// groups; the figure carries a summary for screen readers (the page's table has every number).

import { useEffect, useMemo, useRef } from 'react';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Formatter } from '../format.ts';

use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

const MAX_BARS = 30;

export function GroupBarChart({
  title,
  groups,
  format,
}: {
  title: string;
  groups: readonly { label: string; value: number }[];
  format: Formatter;
}) {
  const element = useRef<HTMLDivElement>(null);
  const top = useMemo(
    () => [...groups].sort((a, b) => b.value - a.value).slice(0, MAX_BARS),
    [groups],
  );
  useEffect(() => {
    const node = element.current;
    if (node === null) return;
    const chart = init(node, undefined, { renderer: 'svg' });
    const shown = [...top].reverse();
    chart.setOption({
      animation: false,
      grid: { left: 16, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) =>
          typeof value === 'number' ? format.money(value * 100) : '–',
      },
      xAxis: {
        type: 'value',
        axisLabel: { color: '#1b1f24', formatter: (v: number) => format.money(v * 100) },
      },
      yAxis: {
        type: 'category',
        data: shown.map((g) => g.label),
        axisLabel: { color: '#1b1f24' },
      },
      series: [
        {
          name: title,
          type: 'bar',
          itemStyle: { color: '#1f6feb' },
          data: shown.map((g) => g.value / 100),
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
  }, [top, title, format]);
  const summary = `${title}: ${top
    .slice(0, 5)
    .map((g) => `${g.label} ${format.money(g.value)}`)
    .join(', ')}${top.length > 5 ? ' and more' : ''}.`;
  return (
    <figure className="chart">
      <figcaption>
        {title}
        {groups.length > MAX_BARS ? ` (the ${MAX_BARS} largest of ${groups.length})` : ''}
      </figcaption>
      <div
        ref={element}
        className="chart-canvas"
        style={{ height: `${Math.max(200, top.length * 22 + 40)}px` }}
        role="img"
        aria-label={summary}
      />
    </figure>
  );
}
