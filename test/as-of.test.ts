// The as-of date (METHOD §1, amended) on an export whose open pipeline is expected to close after
// its last closed deal: the pipeline's dates are forecasts and never move the as-of date, and every
// output that depends on the date says it and where it came from.

import { expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditDataset } from '../src/core/audit/index.ts';
import { runPlan } from '../src/core/engine/index.ts';
import { draftPlan } from '../src/core/plan/draft.ts';
import { monthIndex } from '../src/core/dates.ts';
import { loadDataset } from '../src/db/index.ts';
import { readPlanText } from '../src/io/plan/read-plan-file.ts';
import { writePlanYaml } from '../src/io/plan/write-plan-file.ts';
import { importIntoWorkspace } from '../src/services/import-service.ts';
import { workspaceAsOf, workspaceIn } from '../src/services/workspace.ts';
import { describeEachDatabase } from './support/databases.ts';

/**
 * Two years of closed deals up to Friday 28 June 2024, the extraction day, and open deals
 * expected to close in 2025 (one created that day, so the created dates agree).
 */
function exportFiles(): { reps: string; deals: string } {
  const reps = [
    'id,name,role,start_date,end_date',
    'r1,Ada Byron,AE,,',
    'r2,Ben Oduya,AE,2023-04-17,',
    'r3,Cleo Park,AE,,2024-03-31',
  ].join('\n');
  const rows = ['id,owner_id,amount,created_date,close_date,status,type'];
  let n = 0;
  for (let m = 0; m < 24; m++) {
    const year = 2022 + Math.floor((m + 6) / 12);
    const month = String(((m + 6) % 12) + 1).padStart(2, '0');
    for (const owner of ['r1', 'r2', 'r3']) {
      n++;
      rows.push(
        `d${n},${owner},${1000 + 100 * n},${year}-${month}-01,${year}-${month}-20,won,new_business`,
      );
    }
  }
  rows.push('last-won,r1,5000,2024-06-03,2024-06-28,won,new_business');
  rows.push('next-june,r1,90000,2024-06-28,2025-06-30,open,new_business');
  rows.push('next-march,r2,40000,2024-05-15,2025-03-31,open,expansion');
  rows.push('this-autumn,r2,30000,2024-06-10,2024-10-15,open,new_business');
  return { reps: reps + '\n', deals: rows.join('\n') + '\n' };
}

describeEachDatabase('the as-of date of an export whose pipeline closes next year', (getDb) => {
  it('is the last closed deal, said with its source in the import summary and status; init-plan and the plan start after it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-as-of-'));
    const files = exportFiles();
    await writeFile(join(dir, 'reps.csv'), files.reps);
    await writeFile(join(dir, 'deals.csv'), files.deals);
    const workspace = await workspaceIn(getDb(), 'test', 'USD');
    const imported = await importIntoWorkspace(
      workspace,
      {
        paths: [join(dir, 'reps.csv'), join(dir, 'deals.csv')],
        env: {},
        preset: 'generic',
        importedBy: 'test',
      },
      undefined,
      undefined,
    );
    if (!imported.ok) throw new Error(imported.issues.map((i) => i.message).join('; '));

    // The import summary and status (both read workspaceAsOf) say the date and its source.
    const expected = {
      date: '2024-06-28',
      source: 'data',
      fact: { date: '2024-06-28', field: 'close date', entity: 'deal', id: 'last-won' },
    };
    expect(imported.value.asOf).toMatchObject(expected);
    expect(imported.value.asOf?.note).toContain('the close date of closed deal last-won');
    expect(imported.value.asOf?.note).toContain("open deals' expected close dates");
    expect(await workspaceAsOf(workspace)).toMatchObject(expected);

    // The core reads the same date from the loaded data.
    const dataset = await loadDataset(getDb(), workspace.id);
    const audit = auditDataset(dataset);
    expect(audit.asOf).toBe('2024-06-28');
    // Open deals that close after the extraction are not stale.
    expect(audit.findings.map((f) => f.code)).not.toContain('open-deal-past-close-date');

    // init-plan plans the months after June 2024 and says where its as-of came from.
    const draft = draftPlan(dataset);
    expect(draft.file.as_of).toBe('2024-06-28');
    expect(draft.file.start).toBe('2024-07-01');
    expect(draft.notes.as_of).toContain('the close date of closed deal last-won');
    // Last year's bookings: July 2023 to May 2024 (June is not complete on the 28th).
    expect(draft.notes.target).toContain('2023-06..2024-05');

    // The written v0 plan says it in its comments; the plan learns from complete months only.
    const text = writePlanYaml(draft.file, draft.notes);
    expect(text).toContain('the close date of closed deal last-won');
    const read = await readPlanText(text, 'draft.yaml', { basis: 'amount', files: false });
    if (!read.ok) throw new Error(read.issues.map((i) => i.message).join('; '));
    const run = runPlan(dataset, read.value.plan);
    expect(draft.notes.start).toContain('2024-06');
    expect(run.allocation.asOf).toBe('2024-06-28');
    expect(run.allocation.asOfNote).toBe("the plan's as_of");
    expect(run.history.fit.to).toBe(monthIndex('2024-05-01'));
    // Everyone on the roster has a full, non-empty fit window behind them: no empty months.
    const monthly = [...run.history.companyMonthly.values()];
    expect(monthly.every((v) => v > 0)).toBe(true);
  });

  it('is the workspace’s date when one was set at import', async () => {
    const workspace = await workspaceIn(getDb(), 'test', 'USD');
    const asOf = await workspaceAsOf({
      ...workspace,
      settings: { ...workspace.settings, asOf: '2024-06-30' },
    });
    expect(asOf).toMatchObject({ date: '2024-06-30', source: 'workspace', fact: null });
  });
});
