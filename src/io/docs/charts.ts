// Charts of the documentation package, rendered on the server as SVG with ECharts (no browser):
// one SVG per chart, embedded in the HTML, saved beside the Markdown and drawn into the PDF.

import * as echarts from 'echarts';
import type { ChartSpec } from './model.ts';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 280;
export const CHART_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const PALETTE = ['#2f5597', '#c55a11', '#548235', '#7f6000', '#7030a0', '#1f7391'];

function compactMoney(value: number, currency: string): string {
  const symbol =
    new Intl.NumberFormat('en-US', { style: 'currency', currency })
      .formatToParts(0)
      .find((p) => p.type === 'currency')?.value ?? '';
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (abs >= 1e9) return `${sign}${symbol}${+(abs / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${sign}${symbol}${+(abs / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${sign}${symbol}${+(abs / 1e3).toFixed(0)}K`;
  return `${sign}${symbol}${+abs.toFixed(0)}`;
}

/** The axis label of a value in the chart's unit. */
export function axisLabel(spec: ChartSpec, value: number): string {
  if (spec.unit === 'percent') return `${Math.round(value * 100)}%`;
  if (spec.unit === 'money') return compactMoney(value, spec.currency);
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2);
}

/** Width and height of a chart: taller when many labels stand upright under it. */
export function chartSize(spec: ChartSpec): { width: number; height: number } {
  return {
    width: CHART_WIDTH,
    height: spec.categories.length > 20 ? CHART_HEIGHT + 80 : CHART_HEIGHT,
  };
}

/** The chart as a standalone SVG document. Deterministic: the same spec gives the same SVG. */
export function renderChartSvg(spec: ChartSpec): string {
  const { width, height } = chartSize(spec);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  // Rotate the category labels when side by side they would not fit under the plot; stand them
  // upright when there are many.
  const longest = Math.max(0, ...spec.categories.map((c) => c.length));
  const many = spec.categories.length * (longest * 6.2 + 8) > width - 90;
  const upright = spec.categories.length > 20;
  chart.setOption({
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: CHART_FONT, fontSize: 11, color: '#333333' },
    title: {
      text: spec.title,
      left: 'center',
      top: 4,
      textStyle: { fontFamily: CHART_FONT, fontSize: 13, fontWeight: 'bold', color: '#1f3864' },
    },
    legend:
      spec.series.length > 1
        ? { bottom: 0, textStyle: { fontFamily: CHART_FONT, fontSize: 10 } }
        : { show: false },
    grid: {
      left: 70,
      right: 20,
      top: 40,
      bottom:
        (upright ? Math.min(150, longest * 5.6 + 20) : many ? 70 : 40) +
        (spec.series.length > 1 ? 18 : 0),
    },
    xAxis: {
      type: 'category',
      data: spec.categories,
      axisLabel: {
        fontFamily: CHART_FONT,
        fontSize: upright ? 8.5 : 10,
        interval: 0,
        rotate: upright ? 90 : many ? 45 : 0,
        hideOverlap: false,
      },
    },
    yAxis: {
      type: 'value',
      axisLabel: {
        fontFamily: CHART_FONT,
        fontSize: 10,
        formatter: (value: number) => axisLabel(spec, value),
      },
      splitLine: { lineStyle: { color: '#e0e0e0' } },
    },
    series: spec.series.map((s, k) => ({
      name: s.name,
      type: s.kind ?? spec.kind,
      data: s.values.map((v) => (Number.isFinite(v) ? v : null)),
      barMaxWidth: 36,
      smooth: false,
      symbolSize: 5,
      ...(k === 0 && spec.reference !== undefined
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#c00000', type: 'dashed' },
              label: {
                formatter: spec.reference.label,
                fontFamily: CHART_FONT,
                fontSize: 10,
                position: 'insideEndTop',
              },
              data: [{ yAxis: spec.reference.value }],
            },
          }
        : {}),
    })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
