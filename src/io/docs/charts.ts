// Charts of the documentation package, rendered on the server as SVG with ECharts (no browser):
// one SVG per chart, embedded in the HTML, saved beside the Markdown and drawn into the PDF.

import * as echarts from 'echarts';
import PDFDocument from 'pdfkit';
import { dejaVuSans } from './fonts.ts';
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

let measurer: PDFKit.PDFDocument | null = null;

/**
 * The width of `text` in DejaVu Sans, the font the PDF draws the chart's text in, at the size
 * (and weight) of a CSS font string ('bold 13px DejaVu Sans, …'), in the chart's units. ECharts
 * lays out labels and the legend with it: without it, it guesses widths that DejaVu Sans exceeds,
 * and the legend's text ran into the next swatch.
 */
export function textWidth(text: string, font = ''): number {
  if (measurer === null) {
    measurer = new PDFDocument({ autoFirstPage: false });
    measurer.registerFont('Body', dejaVuSans('400-normal'));
    measurer.registerFont('Bold', dejaVuSans('700-normal'));
  }
  const size = Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1] ?? '12');
  const bold = /\bbold(er)?\b|\b[6-9]00\b/.test(font);
  return measurer
    .font(bold ? 'Bold' : 'Body')
    .fontSize(size)
    .widthOfString(text);
}

echarts.setPlatformAPI({ measureText: (text, font) => ({ width: textWidth(text, font) }) });

/** How the category labels stand under the plot, and their font size. */
function categoryLayout(spec: ChartSpec): { rotate: number; fontSize: number } {
  if (spec.categories.length > 20) return { rotate: 90, fontSize: 8.5 };
  const font = '10px';
  const widest = Math.max(0, ...spec.categories.map((c) => textWidth(c, font)));
  // Side by side when each label fits in its slot of the plot (70 + 20 px of margins).
  const slot = (CHART_WIDTH - 90) / Math.max(1, spec.categories.length);
  return { rotate: widest + 8 > slot ? 45 : 0, fontSize: 10 };
}

/** The height the rotated or upright category labels take under the plot, in chart units. */
function labelDepth(spec: ChartSpec): number {
  const { rotate, fontSize } = categoryLayout(spec);
  const widest = Math.max(0, ...spec.categories.map((c) => textWidth(c, `${fontSize}px`)));
  const radians = (rotate * Math.PI) / 180;
  return widest * Math.sin(radians) + fontSize * Math.cos(radians) + 8;
}

/**
 * Width and height of a chart: the plot keeps its height and the chart grows by what the
 * category labels need under it (rotated labels of long names), so none is cut off.
 */
export function chartSize(spec: ChartSpec): { width: number; height: number } {
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT + Math.max(0, Math.ceil(labelDepth(spec)) - 30),
  };
}

/** The chart as a standalone SVG document. Deterministic: the same spec gives the same SVG. */
export function renderChartSvg(spec: ChartSpec): string {
  const { width, height } = chartSize(spec);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  // Rotate the category labels when side by side they would not fit under the plot; stand them
  // upright when there are many. The grid contains its labels (measured in DejaVu Sans), above
  // the legend.
  const { rotate, fontSize } = categoryLayout(spec);
  const legend = spec.series.length > 1;
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
    legend: legend
      ? { bottom: 2, itemGap: 16, textStyle: { fontFamily: CHART_FONT, fontSize: 10 } }
      : { show: false },
    grid: {
      left: 12,
      right: 20,
      top: 40,
      bottom: legend ? 26 : 6,
      containLabel: true,
    },
    xAxis: {
      type: 'category',
      data: spec.categories,
      axisLabel: {
        fontFamily: CHART_FONT,
        fontSize,
        interval: 0,
        rotate,
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
