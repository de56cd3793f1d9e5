// `quotaplan audit`: the data-quality rules over the workspace's history.

import type { Command } from 'commander';
import { auditToCsv } from '../../services/report-formats.ts';
import { addDbOption, checkChoice, FORMATS_TABLE_JSON_CSV, json, writeOut } from '../options.ts';
import { formatCount, renderTable } from '../render.ts';

interface AuditOptions {
  db?: string;
  format: string;
  asOf?: string;
  examples: string;
  failOn?: string;
}

export function registerAudit(program: Command): void {
  const command = program
    .command('audit')
    .description(
      'Check the imported history for data-quality problems. Errors block sign-off later; warnings inform.',
    );
  addDbOption(command)
    .option('--format <format>', 'table, json or csv (csv: one line per affected record)', 'table')
    .option(
      '--as-of <date>',
      'as-of date for date rules (default: the workspace as-of date, else the latest date in the data)',
    )
    .option('--examples <n>', 'affected records listed per rule in the table', '3')
    .option(
      '--fail-on <severity>',
      'exit with code 1 when a finding of this severity (error or warning) exists',
    )
    .action(async (options: AuditOptions) => {
      const { runAudit } = await import('../../services/audit-service.ts');
      checkChoice(command, 'format', options.format, FORMATS_TABLE_JSON_CSV);
      if (options.failOn !== undefined)
        checkChoice(command, 'fail-on', options.failOn, ['error', 'warning']);
      const examples = Number(options.examples);
      if (!Number.isInteger(examples) || examples < 0) {
        command.error(
          `error: option '--examples' must be a whole number (got "${options.examples}")`,
          { exitCode: 1 },
        );
      }
      const report = await runAudit({ env: process.env, db: options.db, asOf: options.asOf });
      if (options.format === 'json') {
        writeOut(json(report));
      } else if (options.format === 'csv') {
        writeOut(auditToCsv(report));
      } else {
        let out = `Audit of ${report.location}: ${formatCount(report.deals)} deals, as of ${report.asOf === null ? 'no date' : `${report.asOf} (${report.asOfNote ?? ''})`}\n`;
        out += `${report.errorCount} error rule${report.errorCount === 1 ? '' : 's'}, ${report.warningCount} warning rule${report.warningCount === 1 ? '' : 's'} (${report.rules.length} rules checked)\n\n`;
        if (report.findings.length === 0) {
          out += 'No problems found.\n';
        } else {
          out += renderTable(
            [
              { header: 'severity' },
              { header: 'rule' },
              { header: 'count', align: 'right' },
              { header: 'what' },
            ],
            report.findings.map((f) => [f.severity, f.code, formatCount(f.count), f.title]),
          );
          if (examples > 0) {
            for (const f of report.findings) {
              out += `\n${f.code} (${f.severity}): ${f.description}\n`;
              for (const ref of f.refs.slice(0, examples))
                out += `  - ${ref.entity} ${ref.id}: ${ref.detail}\n`;
              if (f.refs.length > examples)
                out += `  … and ${formatCount(f.refs.length - examples)} more\n`;
            }
          }
        }
        writeOut(out);
      }
      const failing =
        options.failOn === 'error'
          ? report.errorCount > 0
          : options.failOn === 'warning'
            ? report.errorCount + report.warningCount > 0
            : false;
      if (failing) process.exitCode = 1;
    });
}
