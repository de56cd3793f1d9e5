// The charts of the PDF: the category labels (long names, rotated) stay whole on the page and out
// of the legend, and each legend text ends before the next swatch, because ECharts lays them out
// with DejaVu Sans's real widths (the font the PDF draws them in).

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithPdfText, pdfWords } from '../../../test/support/poppler.ts';
import { CHART_WIDTH, chartSize, textWidth } from './charts.ts';
import type { ChartSpec } from './model.ts';
import { renderPdf } from './render-pdf.ts';

/** A manager's talking-points chart, as the demo's (long names, a planned hire, two series). */
const TEAM_CHART: ChartSpec = {
  id: 'team',
  title: 'Cara Losch: annual quotas',
  kind: 'bar',
  categories: [
    'Corliss Cosme',
    'Elizabeth Anderson',
    'Garret Kinder',
    'Nova Newhire (planned hire)',
    'Rosie Papadopoulos',
    'Violet Mclelland',
    'Wilburn Farren',
  ],
  series: [
    { name: 'Annual quota', values: [394, 163, 297, 88, 316, 245, 232].map((v) => v * 100_000) },
    { name: 'Booked last year', values: [168, 0, 98, 0, 112, 59, 51].map((v) => v * 100_000) },
  ],
  unit: 'money',
  currency: 'USD',
  alt: 'Annual quota and last year’s bookings of each rep of the team.',
};

it('measures text in DejaVu Sans: wider for bold and for larger sizes', () => {
  const plain = textWidth('Rosie Papadopoulos', '10px DejaVu Sans');
  expect(plain).toBeGreaterThan(80);
  expect(textWidth('Rosie Papadopoulos', 'bold 10px DejaVu Sans')).toBeGreaterThan(plain);
  expect(textWidth('Rosie Papadopoulos', '20px DejaVu Sans')).toBeCloseTo(plain * 2, 6);
});

it('makes a chart taller by what its rotated labels need under the plot', () => {
  const short = { ...TEAM_CHART, categories: TEAM_CHART.categories.map((_, k) => `R${k}`) };
  expect(chartSize(short).height).toBeLessThan(chartSize(TEAM_CHART).height);
  expect(chartSize(TEAM_CHART).width).toBe(CHART_WIDTH);
});

describeWithPdfText('a chart in the PDF', () => {
  it('keeps every rotated label on the page and out of the legend, and the legend spaced', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'quotaplan-chart-'));
    const file = join(folder, 'chart.pdf');
    const doc = {
      path: 'chart',
      title: 'Talking points',
      subtitle: 'a chart',
      audience: 'a manager',
      blocks: [{ type: 'chart' as const, chart: TEAM_CHART }],
    };
    await writeFile(file, await renderPdf([doc], { title: 'Talking points' }));
    const words = await pdfWords(file);
    // A4 in points: every word inside the page.
    for (const w of words) {
      expect(w.xMin, w.text).toBeGreaterThanOrEqual(0);
      expect(w.xMax, w.text).toBeLessThanOrEqual(595.3);
      expect(w.yMin, w.text).toBeGreaterThanOrEqual(0);
      expect(w.yMax, w.text).toBeLessThanOrEqual(841.9);
    }
    const legend = ['Annual', 'quota', 'Booked', 'last', 'year'].map((text) => {
      const found = words.find((w) => w.text === text);
      if (found === undefined) throw new Error(`no legend word ${text}`);
      return found;
    });
    const [annual, quota, booked] = legend;
    if (annual === undefined || quota === undefined || booked === undefined) return;
    // The legend's row: no label fragment reaches into it.
    const top = Math.min(...legend.map((w) => w.yMin));
    const bottom = Math.max(...legend.map((w) => w.yMax));
    const left = annual.xMin - 30;
    const right = Math.max(...legend.map((w) => w.xMax));
    const intruders = words.filter(
      (w) =>
        !legend.includes(w) && w.yMax > top && w.yMin < bottom && w.xMax > left && w.xMin < right,
    );
    expect(intruders.map((w) => w.text)).toEqual([]);
    // Between "quota" and "Booked": the second swatch (25 units wide) and its gaps, whole.
    // Chart units to points: the rendered width of "Annual" over its width in chart units.
    const scale = (annual.xMax - annual.xMin) / textWidth('Annual', '10px');
    expect(booked.xMin - quota.xMax).toBeGreaterThan(25 * scale);
  });
});
