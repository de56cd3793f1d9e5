// A full pull from the local Salesforce test server, on PGlite and Postgres, through injected
// faults: every opportunity, account, seller and revenue split arrives once; a second pull
// updates and adds nothing; a pull whose fetch fails writes nothing.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { seedOrg, type SeededOrg } from '../../test/support/salesforce-org.ts';
import {
  startSalesforceServer,
  type SalesforceTestServer,
} from '../../test/support/salesforce-server.ts';
import { countRecords, listImports, loadDataset } from '../db/index.ts';
import { createCrmConnection, type CrmRuntime } from './crm-connections.ts';
import { pullFromCrm } from './crm-pull.ts';
import { resolveCrmSecretKey } from './crm-secrets.ts';
import { workspaceIn } from './workspace.ts';
import type { WorkflowContext } from './workflow/plan-versions.ts';

describeEachDatabase('CRM pull (Salesforce)', (getDb) => {
  // One org per database: the tests change it.
  let server: SalesforceTestServer;
  let org: SeededOrg;
  beforeAll(async () => {
    server = await startSalesforceServer({
      seed: 5,
      features: { multicurrency: true, splits: true },
      apps: [{ clientId: 'qp', clientSecret: 'pull-secret', username: 'int@example.com' }],
    });
    org = seedOrg(server, { opportunities: 2600 });
  });
  afterAll(() => server.close());

  const runtime = (attempts = 10): CrmRuntime => ({
    secretKey: () => resolveCrmSecretKey(getDb(), { QUOTAPLAN_SECRET_KEY: 'p'.repeat(40) }),
    retry: { baseDelayMs: 2, maxDelayMs: 10, timeoutMs: 1500, attempts },
    incrementalOverlapMs: 0,
  });
  let context: WorkflowContext;
  let connectionId = 0;
  beforeAll(async () => {
    context = {
      workspace: await workspaceIn(getDb(), 'test', 'USD'),
      actor: { userId: null, email: 'admin@example.com' },
    };
    connectionId = (
      await createCrmConnection(
        context,
        {
          provider: 'salesforce',
          flow: 'client_credentials',
          instanceUrl: server.url,
          clientId: 'qp',
          secret: 'pull-secret',
        },
        runtime(),
      )
    ).id;
  });

  it('writes nothing when the org cannot be read to the end', async () => {
    server.setFaults({ rate: 1, kinds: ['503'] });
    try {
      const result = await pullFromCrm(context, connectionId, runtime(2));
      expect(result.ok).toBe(false);
      expect(result.error).toMatchObject({ status: 503, code: 'SERVER_UNAVAILABLE' });
    } finally {
      server.setFaults(null);
    }
    expect(await listImports(getDb(), context.workspace.id)).toEqual([]);
  });

  it('pulls every record once through 429s, 5xx, resets and stalls, and again changes nothing', async () => {
    server.setFaults({
      rate: 0.25,
      kinds: ['429', '500', '503', 'reset', 'stall'],
      retryAfterSeconds: 0,
      stallMs: 3000,
    });
    let result;
    try {
      result = await pullFromCrm(context, connectionId, runtime(12));
    } finally {
      server.setFaults(null);
    }
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.retries).toBeGreaterThan(0);
    expect(result.fetched).toMatchObject({ Opportunity: 2600, Account: 40, OpportunitySplit: 520 });
    const counts = await countRecords(getDb(), context.workspace.id);
    // Six reps, two managers and the VP; not the integration user, who sells nothing.
    expect(counts).toMatchObject({ deals: 2600, accounts: 40, reps: 9, splits: 520 });
    const data = await loadDataset(getDb(), context.workspace.id);
    const rep0 = data.reps.find((r) => r.id === org.reps[0]);
    expect(rep0).toMatchObject({
      name: 'Rep 0',
      email: 'r0@example.com',
      managerId: org.managers[0],
      role: 'AE',
    });
    const eur = data.deals.find(
      (d) => d.currency === 'EUR' && d.closeDate !== null && d.closeDate < '2025-07-01',
    );
    // 0.9 EUR per USD before July 2025: 1 EUR = 1.1111 USD.
    expect(eur?.amount).toBe(Math.round(((eur?.originalAmount ?? 0) * 10) / 9));
    const split = data.splits.filter((x) => x.dealId === org.opportunities[0]);
    expect(split.map((x) => x.share).sort()).toEqual([0.4, 0.6]);

    const again = await pullFromCrm(context, connectionId, runtime(), { mode: 'full' });
    expect(again.ok).toBe(true);
    expect(again.counts.deals).toEqual({ inserted: 0, updated: 2600 });
    expect(await countRecords(getDb(), context.workspace.id)).toEqual(counts);
  });

  it('then pulls only what changed, and removes what the CRM deleted', async () => {
    const changedDeal = org.opportunities[1] ?? '';
    const deletedDeal = org.opportunities[2] ?? '';
    const before = await countRecords(getDb(), context.workspace.id);
    // The server's clock moves on, as time passes between two pulls.
    server.advanceClock(60_000);
    server.update('Opportunity', changedDeal, { Amount: 4242.42, CurrencyIsoCode: 'USD' });
    server.remove('Opportunity', deletedDeal);
    const added = server.insert('Opportunity', {
      Name: 'Fresh deal',
      OwnerId: org.reps[1],
      AccountId: org.accounts[0],
      Amount: 1000,
      CurrencyIsoCode: 'USD',
      CloseDate: '2025-12-15',
      StageName: 'Closed Won',
      IsClosed: true,
      IsWon: true,
      Probability: 100,
    });
    server.update('User', org.reps[2] ?? '', { Name: 'Rep Two, renamed' });
    const result = await pullFromCrm(context, connectionId, runtime());
    expect(result).toMatchObject({ ok: true, mode: 'incremental', deleted: { deals: 1 } });
    // Deleted records come through queryAll with IsDeleted; unchanged ones do not come at all.
    expect(result.fetched.Opportunity).toBe(3);
    expect(result.counts.deals).toEqual({ inserted: 1, updated: 1 });
    const after = await countRecords(getDb(), context.workspace.id);
    expect(after.deals).toBe(before.deals);
    const data = await loadDataset(getDb(), context.workspace.id);
    expect(data.deals.find((d) => d.id === changedDeal)?.amount).toBe(424_242);
    expect(data.deals.some((d) => d.id === deletedDeal)).toBe(false);
    expect(data.deals.find((d) => d.id === added)?.status).toBe('won');
    expect(data.reps.find((r) => r.id === org.reps[2])?.name).toBe('Rep Two, renamed');
    expect(data.splits.some((x) => x.dealId === deletedDeal)).toBe(false);

    const quiet = await pullFromCrm(context, connectionId, runtime());
    expect(quiet).toMatchObject({ ok: true, mode: 'incremental', importId: null });
    expect(await countRecords(getDb(), context.workspace.id)).toEqual(after);
  });

  it('keeps every record exactly once over repeated full pulls under heavy faults', async () => {
    const before = await countRecords(getDb(), context.workspace.id);
    const injected = () => Object.values(server.counters.faults).reduce((a, b) => a + b, 0);
    const start = injected();
    let retries = 0;
    server.setFaults({ rate: 0.35, kinds: ['429', '500', '503', 'reset'], retryAfterSeconds: 0 });
    try {
      for (let run = 0; run < 4; run++) {
        const result = await pullFromCrm(context, connectionId, runtime(25), { mode: 'full' });
        expect(result.ok, JSON.stringify(result.error)).toBe(true);
        expect(result.counts.deals?.inserted).toBe(0);
        retries += result.retries;
        expect(await countRecords(getDb(), context.workspace.id)).toEqual(before);
      }
    } finally {
      server.setFaults(null);
    }
    const faults = injected() - start;
    console.log(
      `CRM pull soak: 4 full pulls, ${faults} faults injected, ${retries} retries, 0 lost, 0 duplicated`,
    );
    expect(faults).toBeGreaterThan(20);
    expect(retries).toBe(faults);
  });

  it('pulls an empty org without importing anything', async () => {
    const empty = await startSalesforceServer({
      apps: [{ clientId: 'e', clientSecret: 'empty-secret', username: 'int@example.com' }],
    });
    try {
      empty.insert('User', { Name: 'Integration', Username: 'int@example.com', IsActive: true });
      const connection = await createCrmConnection(
        context,
        {
          provider: 'salesforce',
          name: 'empty',
          flow: 'client_credentials',
          instanceUrl: empty.url,
          clientId: 'e',
          secret: 'empty-secret',
        },
        runtime(),
      );
      const imports = (await listImports(getDb(), context.workspace.id)).length;
      const result = await pullFromCrm(context, connection.id, runtime());
      expect(result).toMatchObject({ ok: true, mode: 'full', importId: null });
      expect(await listImports(getDb(), context.workspace.id)).toHaveLength(imports);
    } finally {
      await empty.close();
    }
  });
});
