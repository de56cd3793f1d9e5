// Issue 13's import defects through the real import route, on PGlite and Postgres: over-long
// values, columns missing on a re-import, NUL characters in cells, the import and its audit entry
// in one transaction, and lenient reading (bad quoting, formulas without values, header-only
// files, spaces as thousands separators). Each refusal names file, row and column and changes
// nothing.

import { readFile } from 'node:fs/promises';
import { beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { loadDataset } from '../src/db/index.ts';
import { DEMO_FILES } from '../src/services/demo-service.ts';
import { describeEachDatabase } from './support/databases.ts';
import { databaseState } from './support/db-state.ts';
import { ORIGIN, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

interface Problem {
  status: number;
  code: string;
  detail: string;
  issues: {
    code: string;
    message: string;
    expected?: string;
    location?: { file?: string; row?: number; column?: string; value?: string };
  }[];
}

export type Upload = { name: string; content: string | Uint8Array };

const WS = '/api/workspaces/default';

export function demoFile(name: string): Promise<string> {
  const path = DEMO_FILES.find((f) => f.endsWith(`/${name}`));
  if (path === undefined) throw new Error(`no demo file ${name}`);
  return readFile(path, 'utf8');
}

describeEachDatabase('imports refuse bad files through the API (issue 13)', (getDb) => {
  let s: ServerFixture;

  beforeAll(async () => {
    s = await serverFixture(getDb());
  }, 180_000);

  const upload = async (
    files: Upload[],
    fields: Record<string, string> = {},
  ): Promise<Response> => {
    const form = new FormData();
    for (const f of files) form.append('files', new Blob([f.content]), f.name);
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return s.app.request(`${WS}/imports`, {
      method: 'POST',
      headers: { origin: ORIGIN, cookie: s.cookies.admin },
      body: form,
    });
  };

  async function expectRefused(
    files: Upload[],
    fields: Record<string, string> = {},
  ): Promise<Problem> {
    const before = await databaseState(getDb());
    const response = await upload(files, fields);
    const text = await response.text();
    expect(response.status, text).toBeGreaterThanOrEqual(400);
    expect(response.status, text).toBeLessThan(500);
    expect(await databaseState(getDb())).toEqual(before);
    return JSON.parse(text) as Problem;
  }

  it('refuses a 70,000-character rep name, naming file, row, column and the limit', async () => {
    const teams = await demoFile('sales_teams.csv');
    const lines = teams.split('\n');
    lines[3] = `${'N'.repeat(70_000)},Dustin Brinkmann,Central\r`;
    const problem = await expectRefused([{ name: 'sales_teams.csv', content: lines.join('\n') }], {
      preset: 'maven',
    });
    const issue = problem.issues.find((i) => i.code === 'value-too-long');
    expect(issue, JSON.stringify(problem).slice(0, 2000)).toBeDefined();
    expect(issue?.location).toMatchObject({
      file: 'sales_teams.csv',
      row: 4,
      column: 'sales_agent',
    });
    expect(issue?.message).toContain('70,000 characters');
    // sales_agent is the rep's id (at most 255) and name (121) in the Maven files.
    expect(issue?.expected).toMatch(/^at most (121|255) characters$/);
    // The value is quoted, not repeated whole.
    expect(issue?.location?.value?.length).toBeLessThanOrEqual(101);
    // The workspace still reads fine.
    expect((await s.call('admin', 'GET', `${WS}/baseline`)).status).toBe(200);
  });

  it('refuses a 5,000,000-character product value', async () => {
    const content = `opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\nZZ1,Anna Snelling,${'P'.repeat(5_000_000)},Acme,Won,2017-01-02,2017-02-03,100\n`;
    const problem = await expectRefused([{ name: 'sales_pipeline.csv', content }], {
      preset: 'maven',
    });
    expect(problem.issues[0]).toMatchObject({
      code: 'value-too-long',
      location: { file: 'sales_pipeline.csv', row: 2, column: 'product' },
    });
  });

  /** The CSV text without the named column. */
  function withoutColumn(text: string, column: string): string {
    const rows = text.split(/\r?\n/).filter((line) => line !== '');
    const header = (rows[0] ?? '').split(',');
    const at = header.indexOf(column);
    return (
      rows
        .map((line) =>
          line
            .split(',')
            .filter((_, i) => i !== at)
            .join(','),
        )
        .join('\n') + '\n'
    );
  }

  it('keeps stored amounts when a re-imported deals file has no amount column, and says so first', async () => {
    const before = await loadDataset(getDb(), s.workspace.id);
    const amounts = new Map(before.deals.map((d) => [d.id, d.amount]));
    expect([...amounts.values()].filter((a) => a !== null).length).toBeGreaterThan(1000);
    const file = {
      name: 'sales_pipeline.csv',
      content: withoutColumn(await demoFile('sales_pipeline.csv'), 'close_value'),
    };
    const dry = await upload([file], { preset: 'maven', dryRun: 'true' });
    expect(dry.status).toBe(200);
    const preview = (await dry.json()) as {
      ready: boolean;
      untouched: Record<string, string[]>;
      notices: { code: string; message: string }[];
    };
    expect(preview.ready).toBe(true);
    expect(preview.untouched.deals).toContain('amount');
    expect(preview.notices.find((n) => n.code === 'fields-untouched')?.message).toMatch(
      /deals: no column for .*amount.*will not be touched/,
    );
    const response = await upload([file], { preset: 'maven' });
    expect(response.status, await response.clone().text()).toBe(201);
    const after = await loadDataset(getDb(), s.workspace.id);
    for (const deal of after.deals) expect(deal.amount).toBe(amounts.get(deal.id));
  });

  it('keeps every reporting line when a re-imported teams file has no manager column', async () => {
    const before = await loadDataset(getDb(), s.workspace.id);
    const managers = new Map(before.reps.map((r) => [r.id, r.managerId]));
    expect([...managers.values()].filter((m) => m !== null).length).toBeGreaterThan(20);
    const content = withoutColumn(await demoFile('sales_teams.csv'), 'manager');
    const mapping =
      'files:\n  - match: sales_teams.csv\n    entity: reps\n    columns: { id: sales_agent, name: sales_agent, territory_id: regional_office }\n';
    const dry = await upload([{ name: 'sales_teams.csv', content }], {
      preset: 'maven',
      mapping,
      dryRun: 'true',
    });
    const preview = (await dry.json()) as { ready: boolean; untouched: Record<string, string[]> };
    expect(preview.untouched.reps).toContain('manager_id');
    const response = await upload([{ name: 'sales_teams.csv', content }], {
      preset: 'maven',
      mapping,
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const after = await loadDataset(getDb(), s.workspace.id);
    for (const rep of after.reps) expect(rep.managerId).toBe(managers.get(rep.id));
  });

  it('refuses a NUL character in a cell with a 422 naming file, row and column', async () => {
    const lines = (await demoFile('sales_pipeline.csv')).split('\n');
    // Deep in the file, past what the encoding check reads, in a text column.
    lines[4000] = (lines[4000] ?? '').replace(',', ',Ann\u0000');
    const problem = await expectRefused(
      [{ name: 'sales_pipeline.csv', content: lines.join('\n') }],
      {
        preset: 'maven',
      },
    );
    expect(problem.status).toBe(422);
    expect(problem.issues[0]).toMatchObject({
      code: 'nul-character',
      location: { file: 'sales_pipeline.csv', row: 4001, column: 'sales_agent' },
    });
  });

  it('writes an import and its audit entry in one transaction: no entry, no import', async () => {
    const db = getDb();
    const completed = async (): Promise<number> => {
      const result: unknown = await db.db.execute(
        sql`select count(*)::int as n from imports where status = 'completed'`,
      );
      const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
      return Number((rows[0] as { n: unknown }).n);
    };
    const importsBefore = await completed();
    const before = await loadDataset(db, s.workspace.id);
    // The audit log refuses the entry of an import (as a full disk or a lost connection would).
    await db.db.execute(
      sql.raw(`create function qp_refuse_import_audit() returns trigger language plpgsql as $$
        begin
          if new.action = 'import' then raise exception 'audit entry refused for the test'; end if;
          return new;
        end $$`),
    );
    await db.db.execute(
      sql.raw(`create trigger qp_refuse_import_audit before insert on audit_log
        for each row execute function qp_refuse_import_audit()`),
    );
    try {
      const teams = (await demoFile('sales_teams.csv')).replace(
        'Anna Snelling',
        'Anna Snelling-New',
      );
      const response = await upload([{ name: 'sales_teams.csv', content: teams }], {
        preset: 'maven',
      });
      expect(response.status).toBe(500);
      expect(await completed()).toBe(importsBefore);
      const after = await loadDataset(db, s.workspace.id);
      expect(after.reps.map((r) => r.id).sort()).toEqual(before.reps.map((r) => r.id).sort());
    } finally {
      await db.db.execute(sql.raw(`drop trigger qp_refuse_import_audit on audit_log`));
      await db.db.execute(sql.raw(`drop function qp_refuse_import_audit()`));
    }
  });

  it('refuses broken quoting naming row and column instead of creating a rep', async () => {
    const content =
      'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\r\n' +
      'ZQ1,"Carl Lin"trailing,GTX Pro,Acme,Won,2017-01-02,2017-02-03,100\r\n';
    const problem = await expectRefused([{ name: 'sales_pipeline.csv', content }], {
      preset: 'maven',
    });
    expect(problem.issues[0]).toMatchObject({
      code: 'quoting',
      location: { file: 'sales_pipeline.csv', row: 2, column: 'sales_agent' },
    });
  });

  it('refuses a header-only file as "no rows", not a success', async () => {
    const header = (await demoFile('sales_pipeline.csv')).split('\n')[0] ?? '';
    const problem = await expectRefused([{ name: 'sales_pipeline.csv', content: `${header}\n` }], {
      preset: 'maven',
    });
    expect(problem.issues[0]).toMatchObject({
      code: 'no-rows',
      location: { file: 'sales_pipeline.csv' },
    });
  });

  it('does not read "1 000 000" as a million without a locale that writes spaces', async () => {
    const content =
      'opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n' +
      'ZS1,Anna Snelling,GTX Pro,Acme,Won,2017-01-02,2017-02-03,1 000 000\n';
    const problem = await expectRefused([{ name: 'sales_pipeline.csv', content }], {
      preset: 'maven',
    });
    expect(problem.issues[0]).toMatchObject({
      code: 'invalid-amount',
      location: { file: 'sales_pipeline.csv', row: 2, column: 'close_value', value: '1 000 000' },
    });
    expect(problem.issues[0]?.expected).toContain('locale');
  });

  it('gives a notice for an XLSX formula without a stored result, naming row and column', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('deals');
    sheet.addRow(['id', 'owner_id', 'status', 'amount', 'close_date']);
    sheet.addRow(['ZX1', 'Anna Snelling', 'won', 100, '2017-02-03']);
    sheet.addRow(['ZX2', 'Anna Snelling', 'won', null, '2017-02-04']);
    sheet.getCell('D3').value = { formula: 'D2*2', date1904: false };
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const response = await upload([{ name: 'deals.xlsx', content: bytes }], {
      preset: 'generic',
      dryRun: 'true',
    });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as {
      notices: { code: string; message: string; location?: { row?: number; column?: string } }[];
    };
    const formula = preview.notices.find((n) => n.code === 'formula-without-value');
    expect(formula?.location).toMatchObject({ row: 3, column: 'amount' });
    expect(formula?.message).toContain('1 formula cell without a stored result');
  });
});
