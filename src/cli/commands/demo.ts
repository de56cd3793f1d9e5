// `quotaplan demo`: load the Maven sample into the workspace and show what the product sees in it.

import type { Command } from 'commander';
import { renderSummary } from './plan.ts';
import { formatMoney } from '../../core/money.ts';
import { addDbOption, writeErr, writeOut } from '../options.ts';
import { formatCount, formatPercent, renderIssues, renderTable } from '../render.ts';

export function registerDemo(program: Command): void {
  const command = program
    .command('demo')
    .description(
      'Load the Maven CRM sample (8,800 opportunities, 35 agents) into the workspace, then print its audit, baseline and the example plan run on it.',
    );
  addDbOption(command).action(async (options: { db?: string }) => {
    const { DEMO_PLAN, loadDemoData } = await import('../../services/demo-service.ts');
    const { runPlanFile } = await import('../../services/plan-service.ts');
    const { runAudit } = await import('../../services/audit-service.ts');
    const { runBaseline } = await import('../../services/baseline-service.ts');
    const request = { env: process.env, db: options.db };
    const loaded = await loadDemoData(request);
    if (!loaded.ok) {
      writeErr(renderIssues(loaded.issues));
      process.exitCode = 1;
      return;
    }
    const { value } = loaded;
    let out = `Loaded the Maven CRM sample into ${value.location}: `;
    out +=
      value.files.map((f) => `${formatCount(f.accepted)} ${f.entity ?? 'ignored'}`).join(', ') +
      '\n\n';

    const audit = await runAudit(request);
    out += `Data-quality audit: ${audit.errorCount} error rules, ${audit.warningCount} warning rules\n`;
    out += renderTable(
      [
        { header: 'severity' },
        { header: 'rule' },
        { header: 'count', align: 'right' },
        { header: 'what' },
      ],
      audit.findings.map((f) => [f.severity, f.code, formatCount(f.count), f.title]),
    );

    const baseline = await runBaseline({ ...request, by: 'territory' });
    if (baseline.ok) {
      const b = baseline.value;
      out += `\nBaseline by territory, ${b.from} to ${b.to}:\n`;
      out += renderTable(
        [
          { header: 'territory' },
          { header: 'reps', align: 'right' },
          { header: 'bookings', align: 'right' },
          { header: 'win rate', align: 'right' },
          { header: 'median deal', align: 'right' },
        ],
        [...b.rows, b.total].map((r) => [
          r === b.total ? 'TOTAL' : r.label,
          formatCount(r.reps),
          formatMoney(r.bookings, b.currency),
          formatPercent(r.winRate),
          r.medianDealSize === null ? '—' : formatMoney(r.medianDealSize, b.currency),
        ]),
      );
    }
    const plan = await runPlanFile({ ...request, planPath: DEMO_PLAN });
    if (plan.ok) {
      out += `\nThe example plan (examples/plan-maven.yaml) on this data:\n${renderSummary(plan.value)}`;
    } else {
      out += `\nThe example plan could not run:\n${renderIssues(plan.issues)}`;
    }
    const db = options.db === undefined ? '' : ` --db ${options.db}`;
    out += `\nTry: quotaplan audit${db} · quotaplan baseline --by rep${db} · quotaplan plan examples/plan-maven.yaml${db} --format table · quotaplan backtest examples/plan-maven.yaml${db} · quotaplan simulate examples/plan-maven.yaml${db}\n`;
    writeOut(out);
  });
}
