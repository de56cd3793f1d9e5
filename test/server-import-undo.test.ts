// Issue 14's import safety through the API, on PGlite and Postgres: the dry run says what an
// import will change (run in a rolled-back transaction), warns when the files share nothing with
// the workspace, data-quality errors block an import unless accepted with a reason, and an import
// can be undone (only the latest one), each step audited.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadDataset } from '../src/db/index.ts';
import type { Dataset } from '../src/core/model.ts';
import { describeEachDatabase } from './support/databases.ts';
import { databaseState } from './support/db-state.ts';
import { ORIGIN, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';
import { DEMO_FILES } from '../src/services/demo-service.ts';

function demoFile(name: string): Promise<string> {
  const path = DEMO_FILES.find((f) => f.endsWith(`/${name}`));
  if (path === undefined) throw new Error(`no demo file ${name}`);
  return readFile(path, 'utf8');
}

const WS = '/api/workspaces/default';
const SALESFORCE = join(import.meta.dirname, '..', 'data', 'salesforce-demo');

interface Preview {
  ready: boolean;
  unrelated: boolean;
  notices: { code: string; message: string }[];
  blocking: { code: string; count: number; refs: { file: string | null; row: number | null }[] }[];
  effect: {
    changes: Record<string, { new: number; updated: number; unchanged: number }>;
    history: {
      before: { from: string | null; to: string | null };
      after: { from: string | null; to: string | null };
    };
    roster: { before: number; after: number; added: string[] };
  } | null;
}

/** What a test compares to prove a workspace is back where it was. */
function fingerprint(data: Dataset): string {
  const sorted = <T extends { id: string }>(rows: T[]): T[] =>
    [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return JSON.stringify({
    settings: data.settings,
    deals: sorted(data.deals),
    reps: sorted(data.reps),
    accounts: sorted(data.accounts),
  });
}

describeEachDatabase(
  'import dry run, audit errors and undo through the API (issue 14)',
  (getDb) => {
    let s: ServerFixture;

    beforeAll(async () => {
      s = await serverFixture(getDb());
    }, 180_000);

    const upload = async (
      files: { name: string; content: string | Uint8Array }[],
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
    const salesforceFiles = async () => [
      { name: 'Opportunity.csv', content: await readFile(join(SALESFORCE, 'Opportunity.csv')) },
      { name: 'Account.csv', content: await readFile(join(SALESFORCE, 'Account.csv')) },
    ];
    const auditLog = async () =>
      (await (await s.call('admin', 'GET', `${WS}/audit-log?limit=20`)).json()) as {
        action: string;
        entityId: string;
        reason: string | null;
        after: Record<string, unknown> | null;
      }[];

    it('previews a re-import of the Maven pipeline: nothing new, every deal unchanged', async () => {
      const before = await databaseState(getDb());
      const response = await upload(
        [{ name: 'sales_pipeline.csv', content: await demoFile('sales_pipeline.csv') }],
        { preset: 'maven', dryRun: 'true' },
      );
      expect(response.status).toBe(200);
      const preview = (await response.json()) as Preview;
      expect(preview.effect?.changes.deals).toMatchObject({ new: 0, updated: 0 });
      expect(preview.effect?.changes.deals?.unchanged).toBeGreaterThan(8000);
      expect(preview.effect?.history.after).toEqual(preview.effect?.history.before);
      expect(preview.unrelated).toBe(false);
      expect(await databaseState(getDb())).toEqual(before);
    });

    it('warns that the Salesforce demo shares nothing with the Maven workspace and shows what moves', async () => {
      const before = await databaseState(getDb());
      const response = await upload(await salesforceFiles(), {
        preset: 'salesforce',
        dryRun: 'true',
      });
      expect(response.status).toBe(200);
      const preview = (await response.json()) as Preview;
      expect(preview.ready).toBe(true);
      expect(preview.unrelated).toBe(true);
      expect(preview.notices[0]?.code).toBe('unrelated-data');
      expect(preview.effect?.changes.deals).toMatchObject({ new: 50, updated: 0, unchanged: 0 });
      // The history window grows to the Salesforce deals' dates.
      expect(preview.effect?.history.after.to).not.toBe(preview.effect?.history.before.to);
      expect(preview.blocking.map((f) => f.code)).toContain('owner-not-in-roster');
      const owners = preview.blocking.find((f) => f.code === 'owner-not-in-roster');
      expect(owners?.refs[0]?.file).toBe('Opportunity.csv');
      expect(await databaseState(getDb())).toEqual(before);
    });

    it('blocks an import with audit errors unless accepted with a reason, then undoes it', async () => {
      const db = getDb();
      const original = fingerprint(await loadDataset(db, s.workspace.id));
      const stateBefore = await databaseState(db);
      const blocked = await upload(await salesforceFiles(), { preset: 'salesforce' });
      expect(blocked.status).toBe(422);
      const problem = (await blocked.json()) as { code: string; issues: { message: string }[] };
      expect(problem.code).toBe('audit-errors');
      expect(problem.issues.map((i) => i.message).join('\n')).toContain('owner-not-in-roster');
      expect(await databaseState(db)).toEqual(stateBefore);

      const tooShort = await upload(await salesforceFiles(), {
        preset: 'salesforce',
        acceptAuditErrors: JSON.stringify({ reason: '' }),
      });
      expect(tooShort.status).toBe(422);

      const reason = 'Demo data for a training session; owners are mapped later.';
      const accepted = await upload(await salesforceFiles(), {
        preset: 'salesforce',
        acceptAuditErrors: JSON.stringify({ reason }),
      });
      expect(accepted.status, await accepted.clone().text()).toBe(201);
      const { importId } = (await accepted.json()) as { importId: number };
      const entry = (await auditLog()).find((e) => e.action === 'import');
      expect(entry).toMatchObject({ entityId: String(importId), reason });
      expect(JSON.stringify(entry?.after)).toContain('owner-not-in-roster');
      expect(fingerprint(await loadDataset(db, s.workspace.id))).not.toBe(original);

      const undo = await s.call('admin', 'POST', `${WS}/imports/${importId}/undo`);
      expect(undo.status, await undo.clone().text()).toBe(200);
      expect(fingerprint(await loadDataset(db, s.workspace.id))).toBe(original);
      const undone = (await auditLog()).find((e) => e.action === 'import.undo');
      expect(undone?.entityId).toBe(String(importId));
      const list = (await (await s.call('admin', 'GET', `${WS}/imports`)).json()) as {
        id: number;
        status: string;
      }[];
      expect(list.find((i) => i.id === importId)?.status).toBe('undone');
      // Twice: refused, nothing changes.
      expect((await s.call('admin', 'POST', `${WS}/imports/${importId}/undo`)).status).toBe(409);
      expect((await s.call('manager', 'POST', `${WS}/imports/${importId}/undo`)).status).toBe(403);
    });

    it('undoes only the latest import: an earlier one is refused naming the later one', async () => {
      const db = getDb();
      const original = fingerprint(await loadDataset(db, s.workspace.id));
      const teams = await demoFile('sales_teams.csv');
      const first = await upload(
        [{ name: 'sales_teams.csv', content: teams.replace('Dustin Brinkmann', 'Melvin Marxen') }],
        { preset: 'maven' },
      );
      expect(first.status, await first.clone().text()).toBe(201);
      const firstId = ((await first.json()) as { importId: number }).importId;
      const second = await upload(
        [{ name: 'sales_teams.csv', content: teams.replace('Cara Losch', 'Rocco Neubert') }],
        { preset: 'maven' },
      );
      expect(second.status).toBe(201);
      const secondId = ((await second.json()) as { importId: number }).importId;
      const refused = await s.call('admin', 'POST', `${WS}/imports/${firstId}/undo`);
      expect(refused.status).toBe(409);
      expect(((await refused.json()) as { detail: string }).detail).toContain(
        `import ${secondId} came after it`,
      );
      expect((await s.call('admin', 'POST', `${WS}/imports/${secondId}/undo`)).status).toBe(200);
      expect((await s.call('admin', 'POST', `${WS}/imports/${firstId}/undo`)).status).toBe(200);
      expect(fingerprint(await loadDataset(db, s.workspace.id))).toBe(original);
      expect((await s.call('admin', 'POST', `${WS}/imports/999999/undo`)).status).toBe(404);
    });

    it('offers a new workspace instead: an admin creates one, becomes its admin, and imports there', async () => {
      const created = await s.call('admin', 'POST', '/api/workspaces', {
        id: 'acme-salesforce',
        name: 'Acme (Salesforce)',
      });
      expect(created.status, await created.clone().text()).toBe(201);
      expect(
        (await s.call('admin', 'POST', '/api/workspaces', { id: 'acme-salesforce', name: 'Again' }))
          .status,
      ).toBe(409);
      expect(
        (await s.call('rep', 'POST', '/api/workspaces', { id: 'rep-made', name: 'Mine' })).status,
      ).toBe(403);
      const me = (await (await s.call('admin', 'GET', '/api/me')).json()) as {
        memberships: { workspaceId: string; role: string }[];
      };
      expect(me.memberships).toContainEqual(
        expect.objectContaining({ workspaceId: 'acme-salesforce', role: 'admin' }),
      );
      // A first deals file without an amount column: the wizard's check shows the file refused,
      // naming the column, and Import stays off.
      const first = new FormData();
      first.append(
        'files',
        new Blob(['id,owner_id,status,close_date\nd1,ann,won,2024-01-02\n']),
        'deals.csv',
      );
      first.append('dryRun', 'true');
      const check = await s.app.request('/api/workspaces/acme-salesforce/imports', {
        method: 'POST',
        headers: { origin: ORIGIN, cookie: s.cookies.admin },
        body: first,
      });
      const preview = (await check.json()) as {
        ready: boolean;
        files: { name: string; status: string }[];
        errors: { code: string; message: string }[];
      };
      expect(preview.ready).toBe(false);
      expect(preview.files[0]?.status).toBe('refused');
      expect(preview.errors[0]).toMatchObject({ code: 'model-column-missing' });
      expect(preview.errors[0]?.message).toContain('amount');
      const form = new FormData();
      for (const f of await salesforceFiles()) form.append('files', new Blob([f.content]), f.name);
      form.append('preset', 'salesforce');
      const response = await s.app.request('/api/workspaces/acme-salesforce/imports', {
        method: 'POST',
        headers: { origin: ORIGIN, cookie: s.cookies.admin },
        body: form,
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const log = (await (
        await s.call('admin', 'GET', '/api/workspaces/acme-salesforce/audit-log')
      ).json()) as { action: string }[];
      expect(log.map((e) => e.action)).toEqual(['import', 'workspace.create']);
    });
  },
);
