// Pull from a connected CRM: fetch everything into a private temporary folder first, then import
// those files through the same path as uploaded files (importIntoWorkspace with the salesforce
// preset), so the audit, all-or-nothing and upsert by CRM id are the import's own. A pull that
// fails while fetching writes nothing; one refused by the importer writes nothing either.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Issue } from '../core/issue.ts';
import { crm } from '../db/index.ts';
import { extractSalesforce } from '../connectors/salesforce/extract.ts';
import { probeSalesforce } from '../connectors/salesforce/probe.ts';
import { crmFailure, openCrmClient, type CrmRuntime } from './crm-connections.ts';
import { importIntoWorkspace } from './import-service.ts';
import { recordAudit } from './workflow/queries.ts';
import type { WorkflowContext } from './workflow/plan-versions.ts';

export interface CrmPullResult {
  ok: boolean;
  importId: number | null;
  counts: Record<string, { inserted: number; updated: number }>;
  /** Records fetched per Salesforce object. */
  fetched: Record<string, number>;
  requests: number;
  retries: number;
  notices: Issue[];
  /** Why the importer refused the data (nothing was stored). */
  issues: Issue[];
  /** Why the CRM could not be read (nothing was stored). */
  error: { status: number | null; code: string; message: string } | null;
}

function failed(
  partial: Pick<CrmPullResult, 'fetched' | 'requests' | 'retries'>,
  more: Partial<CrmPullResult>,
): CrmPullResult {
  return {
    ok: false,
    importId: null,
    counts: {},
    notices: [],
    issues: [],
    error: null,
    ...partial,
    ...more,
  };
}

/** A full pull of the connection's org into the workspace. */
export async function pullFromCrm(
  context: WorkflowContext,
  connectionId: number,
  runtime: CrmRuntime,
): Promise<CrmPullResult> {
  const { workspace, actor } = context;
  const dir = await mkdtemp(join(tmpdir(), 'quotaplan-crm-'));
  const stats = { fetched: {} as Record<string, number>, requests: 0, retries: 0 };
  try {
    let extracted;
    let client;
    try {
      ({ client } = await openCrmClient(workspace, connectionId, runtime));
      const probe = await probeSalesforce(client);
      extracted = await extractSalesforce(client, probe.features, dir);
      stats.fetched = extracted.fetched;
    } catch (error) {
      const failure = crmFailure(error);
      if (failure === null) throw error;
      return failed(
        { ...stats, requests: client?.stats.requests ?? 0, retries: client?.stats.retries ?? 0 },
        { error: failure },
      );
    }
    stats.requests = client.stats.requests;
    stats.retries = client.stats.retries;
    const corporate = extracted.corporateCurrency;
    if (corporate !== null && corporate !== workspace.settings.currency) {
      return failed(stats, {
        issues: [
          {
            code: 'currency-mismatch',
            severity: 'error',
            message: `the org's corporate currency is ${corporate}; this workspace counts money in ${workspace.settings.currency}`,
            expected: `a workspace in ${corporate} (a new --db with --currency ${corporate})`,
          },
        ],
      });
    }
    const outcome = await importIntoWorkspace(
      workspace,
      { paths: extracted.paths, preset: 'salesforce', importedBy: actor.email, env: {} },
      undefined,
      undefined,
    );
    if (!outcome.ok) {
      return failed(stats, { issues: outcome.issues.slice(0, 200), notices: outcome.notices });
    }
    const summary = outcome.value;
    await crm.recordCrmPull(workspace.database.db, workspace.id, connectionId, {
      at: context.now?.() ?? new Date(),
      importId: summary.importId,
      watermark: extracted.watermark,
    });
    await recordAudit(context, {
      action: 'crm.pull',
      entity: 'import',
      entityId: String(summary.importId),
      after: { connection: connectionId, fetched: extracted.fetched, counts: summary.counts },
    });
    return {
      ok: true,
      importId: summary.importId,
      counts: summary.counts,
      fetched: extracted.fetched,
      requests: stats.requests,
      retries: stats.retries,
      notices: summary.notices,
      issues: [],
      error: null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
