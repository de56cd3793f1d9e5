// `quotaplan baseline`: bookings, win rates, deal sizes, cycle, pipeline and productivity per group.

import type { Command } from 'commander';
import { formatMoney } from '../../core/money.ts';
import {
  addDbOption,
  checkChoice,
  FORMATS_TABLE_JSON_CSV,
  json,
  writeErr,
  writeOut,
} from '../options.ts';
import { formatCount, formatPercent, renderIssues, renderTable } from '../render.ts';

interface BaselineOptions {
  db?: string;
  by: string;
  from?: string;
  to?: string;
  asOf?: string;
  types?: string;
  format: string;
}

export function registerBaseline(program: Command): void {
  const command = program
    .command('baseline')
    .description(
      'Baseline metrics of the history (see docs/methodology.md): the numbers the quota model is built on.',
    );
  addDbOption(command)
    .option('--by <grouping>', 'rep, territory, segment, manager or company', 'rep')
    .option(
      '--from <date>',
      'first day of the window (default: the month of the first closed deal)',
    )
    .option('--to <date>', 'last day of the window (default: the as-of date)')
    .option(
      '--as-of <date>',
      'as-of date (default: the workspace as-of date, else the latest date in the data)',
    )
    .option(
      '--types <list>',
      'deal types to count, comma-separated: new_business,expansion,renewal (default: all)',
    )
    .option(
      '--format <format>',
      'table, json or csv (money in currency units with two decimals)',
      'table',
    )
    .action(async (options: BaselineOptions) => {
      const { baselineToCsv, runBaseline } = await import('../../services/baseline-service.ts');
      checkChoice(command, 'format', options.format, FORMATS_TABLE_JSON_CSV);
      const result = await runBaseline({
        env: process.env,
        db: options.db,
        by: options.by,
        from: options.from,
        to: options.to,
        asOf: options.asOf,
        types: options.types,
      });
      if (!result.ok) {
        writeErr(renderIssues(result.issues));
        process.exitCode = 1;
        return;
      }
      const report = result.value;
      if (options.format === 'json') {
        writeOut(json(report));
        return;
      }
      if (options.format === 'csv') {
        writeOut(baselineToCsv(report));
        return;
      }
      const money = (cents: number | null): string =>
        cents === null ? '—' : formatMoney(cents, report.currency);
      const count = report.basis === 'count';
      let out = `Baseline by ${report.by}, ${report.from} to ${report.to} (${report.months} months; seasonality ${report.seasonality}${report.types === null ? '' : `; types ${report.types.join(', ')}`})\n\n`;
      out += `Data as of ${report.asOf} (${report.asOfNote})\n\n`;
      const rows = [...report.rows, report.total].map((row) => [
        row === report.total ? 'TOTAL' : row.label,
        count ? formatCount(row.won) : money(row.bookings),
        formatCount(row.won),
        formatCount(row.lost),
        formatPercent(row.winRate),
        money(row.avgDealSize),
        money(row.medianDealSize),
        row.cycleDays === null ? '—' : row.cycleDays.toFixed(0),
        money(row.openPipeline),
        money(row.weightedPipeline),
        row.productivity === null
          ? '—'
          : count
            ? row.productivity.toFixed(2)
            : money(row.productivity),
      ]);
      out += renderTable(
        [
          { header: report.by },
          { header: count ? 'won deals' : 'bookings', align: 'right' },
          { header: 'won', align: 'right' },
          { header: 'lost', align: 'right' },
          { header: 'win rate', align: 'right' },
          { header: 'avg deal', align: 'right' },
          { header: 'median deal', align: 'right' },
          { header: 'cycle d', align: 'right' },
          { header: 'open pipe', align: 'right' },
          { header: 'weighted', align: 'right' },
          { header: count ? 'deals/mo' : 'per ramped mo', align: 'right' },
        ],
        rows,
      );
      writeOut(out);
    });
}
