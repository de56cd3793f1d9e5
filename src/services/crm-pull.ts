// Pull from a connected CRM: fetch everything into a private temporary folder first, then import
// those files through the same path as uploaded files (importIntoWorkspace with the salesforce
// preset), so the audit, all-or-nothing and upsert by CRM id are the import's own. A pull that
// fails while fetching writes nothing; one refused by the importer writes nothing either.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Issue } from '../core/issue.ts';
import { crm, loadReferenceData, workflow } from '../db/index.ts';
import { extractSalesforce } from '../connectors/salesforce/extract.ts';
import { probeSalesforce } from '../connectors/salesforce/probe.ts';
import { crmFailure, openCrmClient, type CrmRuntime } from './crm-connections.ts';
import { importIntoWorkspace } from './import-service.ts';
import type { WorkflowContext } from './workflow/plan-versions.ts';

export type CrmPullMode = 'full' | 'incremental';

export interface CrmPullResult {
  ok: boolean;
  /** Incremental: only what changed since the last pull's watermark, and deletions. */
  mode: CrmPullMode;
  /** Records removed because the CRM deleted them (incremental pulls). */
  deleted: { deals: number; accounts: number; splits: number };
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
  partial: Pick<CrmPullResult, 'fetched' | 'requests' | 'retries' | 'mode'>,
  more: Partial<CrmPullResult>,
): CrmPullResult {
  return {
    ok: false,
    deleted: { deals: 0, accounts: 0, splits: 0 },
    importId: null,
    counts: {},
    notices: [],
    issues: [],
    error: null,
    ...partial,
    ...more,
  };
}

/**
 * How far before the stored watermark an incremental pull starts: a record saved in a long
 * transaction can carry a SystemModstamp older than records read before it. Pulls are upserts,
 * so reading a few records twice is harmless.
 */
export const DEFAULT_INCREMENTAL_OVERLAP_MS = 5 * 60_000;

function parseStamp(stamp: string): number {
  return Date.parse(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/**
 * Pulls the connection's org into the workspace: in full the first time (or when asked), then
 * incrementally from the stored SystemModstamp watermark, removing what the CRM deleted.
 */
export async function pullFromCrm(
  context: WorkflowContext,
  connectionId: number,
  runtime: CrmRuntime,
  options: { mode?: CrmPullMode | undefined } = {},
): Promise<CrmPullResult> {
  const { workspace, actor } = context;
  const row = await crm.getCrmConnection(workspace.database.db, workspace.id, connectionId);
  const previous = row?.watermark ?? null;
  const mode: CrmPullMode = options.mode ?? (previous === null ? 'full' : 'incremental');
  let since: string | undefined;
  if (mode === 'incremental' && previous !== null) {
    const overlap = runtime.incrementalOverlapMs ?? DEFAULT_INCREMENTAL_OVERLAP_MS;
    since = new Date(parseStamp(previous) - overlap).toISOString();
  }
  const knownPeople =
    since === undefined
      ? undefined
      : new Set((await loadReferenceData(workspace.database, workspace.id)).reps.map((r) => r.id));
  const dir = await mkdtemp(join(tmpdir(), 'quotaplan-crm-'));
  const stats = { fetched: {} as Record<string, number>, requests: 0, retries: 0, mode };
  try {
    let extracted;
    let client;
    try {
      ({ client } = await openCrmClient(workspace, connectionId, runtime));
      const probe = await probeSalesforce(client);
      extracted = await extractSalesforce(client, probe.features, dir, { since, knownPeople });
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
    let importId: number | null = null;
    let counts: CrmPullResult['counts'] = {};
    let notices: Issue[] = [];
    // Nothing changed since the watermark (or an empty org): no import; rates alone are no news.
    if ((mode === 'full' || extracted.changed > 0) && extracted.paths.length > 0) {
      const outcome = await importIntoWorkspace(
        workspace,
        { paths: extracted.paths, preset: 'salesforce', importedBy: actor.email, env: {} },
        undefined,
        undefined,
      );
      if (!outcome.ok) {
        return failed(stats, { issues: outcome.issues.slice(0, 200), notices: outcome.notices });
      }
      importId = outcome.value.importId;
      counts = outcome.value.counts;
      notices = outcome.value.notices;
    }
    const { deleted } = extracted;
    const removed = await workspace.database.db.transaction(async (tx) => {
      const gone =
        deleted.deals.length + deleted.accounts.length === 0
          ? { deals: 0, accounts: 0, splits: 0 }
          : await crm.deleteCrmRecords(tx, workspace.id, deleted);
      // The watermark moves only once the data up to it is stored: a failed pull is run again
      // from the same place, and the import's upserts make that harmless.
      await crm.recordCrmPull(tx, workspace.id, connectionId, {
        at: context.now?.() ?? new Date(),
        importId: importId ?? row?.lastPullImportId ?? null,
        watermark: extracted.watermark ?? previous,
      });
      await workflow.appendAudit(tx, {
        workspaceId: workspace.id,
        userId: actor.userId,
        userEmail: actor.email,
        action: 'crm.pull',
        entity: importId === null ? 'crm_connection' : 'import',
        entityId: String(importId ?? connectionId),
        after: {
          connection: connectionId,
          mode,
          fetched: extracted.fetched,
          counts,
          deleted: gone,
        },
      });
      return gone;
    });
    return {
      ok: true,
      mode,
      deleted: removed,
      importId,
      counts,
      fetched: extracted.fetched,
      requests: stats.requests,
      retries: stats.retries,
      notices,
      issues: [],
      error: null,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
