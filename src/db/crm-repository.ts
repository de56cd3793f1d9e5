// Reads and writes of CRM connections. Listing never selects the secret's ciphertext: only
// secretOfConnection does, for the service that decrypts it to sign in.

import { and, asc, eq, inArray } from 'drizzle-orm';
import { crmConnections } from './crm-schema.ts';
import { accounts, creditSplits, deals } from './schema.ts';
import type { Queryable } from './workflow-repository.ts';

export type CrmConnectionRow = Omit<typeof crmConnections.$inferSelect, 'secretCiphertext'>;
export type NewCrmConnection = Omit<
  typeof crmConnections.$inferInsert,
  'id' | 'createdAt' | 'lastTestAt' | 'lastTest' | 'lastPullAt' | 'lastPullImportId' | 'watermark'
>;

const publicColumns = {
  id: crmConnections.id,
  workspaceId: crmConnections.workspaceId,
  provider: crmConnections.provider,
  name: crmConnections.name,
  instanceUrl: crmConnections.instanceUrl,
  loginUrl: crmConnections.loginUrl,
  apiVersion: crmConnections.apiVersion,
  flow: crmConnections.flow,
  clientId: crmConnections.clientId,
  username: crmConnections.username,
  createdBy: crmConnections.createdBy,
  createdAt: crmConnections.createdAt,
  lastTestAt: crmConnections.lastTestAt,
  lastTest: crmConnections.lastTest,
  lastPullAt: crmConnections.lastPullAt,
  lastPullImportId: crmConnections.lastPullImportId,
  watermark: crmConnections.watermark,
};

export async function insertCrmConnection(
  db: Queryable,
  row: NewCrmConnection,
): Promise<CrmConnectionRow> {
  const [inserted] = await db.insert(crmConnections).values(row).returning(publicColumns);
  if (inserted === undefined) throw new Error('insert into crm_connections returned no row');
  return inserted;
}

export async function listCrmConnections(
  db: Queryable,
  workspaceId: string,
): Promise<CrmConnectionRow[]> {
  return db
    .select(publicColumns)
    .from(crmConnections)
    .where(eq(crmConnections.workspaceId, workspaceId))
    .orderBy(asc(crmConnections.id));
}

export async function getCrmConnection(
  db: Queryable,
  workspaceId: string,
  id: number,
): Promise<CrmConnectionRow | null> {
  const [row] = await db
    .select(publicColumns)
    .from(crmConnections)
    .where(and(eq(crmConnections.workspaceId, workspaceId), eq(crmConnections.id, id)));
  return row ?? null;
}

/** The stored ciphertext of a connection's secret (to decrypt and sign in; never to send). */
export async function secretOfCrmConnection(
  db: Queryable,
  workspaceId: string,
  id: number,
): Promise<string | null> {
  const [row] = await db
    .select({ secret: crmConnections.secretCiphertext })
    .from(crmConnections)
    .where(and(eq(crmConnections.workspaceId, workspaceId), eq(crmConnections.id, id)));
  return row?.secret ?? null;
}

export async function deleteCrmConnection(
  db: Queryable,
  workspaceId: string,
  id: number,
): Promise<CrmConnectionRow | null> {
  const [row] = await db
    .delete(crmConnections)
    .where(and(eq(crmConnections.workspaceId, workspaceId), eq(crmConnections.id, id)))
    .returning(publicColumns);
  return row ?? null;
}

export async function recordCrmTest(
  db: Queryable,
  workspaceId: string,
  id: number,
  report: unknown,
  at: Date,
): Promise<void> {
  await db
    .update(crmConnections)
    .set({ lastTestAt: at, lastTest: report })
    .where(and(eq(crmConnections.workspaceId, workspaceId), eq(crmConnections.id, id)));
}

export async function recordCrmPull(
  db: Queryable,
  workspaceId: string,
  id: number,
  pull: { at: Date; importId: number | null; watermark: string | null },
): Promise<void> {
  await db
    .update(crmConnections)
    .set({ lastPullAt: pull.at, lastPullImportId: pull.importId, watermark: pull.watermark })
    .where(and(eq(crmConnections.workspaceId, workspaceId), eq(crmConnections.id, id)));
}

/** What a pull found deleted in the CRM (queryAll, IsDeleted): ids per kind of record. */
export interface CrmDeletions {
  deals: string[];
  accounts: string[];
}

/**
 * Removes the records the CRM deleted, with the credit splits of the deleted deals. Returns how
 * many rows went. Ids the workspace does not hold are ignored (deleted before the first pull).
 */
export async function deleteCrmRecords(
  db: Queryable,
  workspaceId: string,
  deletions: CrmDeletions,
): Promise<{ deals: number; accounts: number; splits: number }> {
  const gone = { deals: 0, accounts: 0, splits: 0 };
  for (let i = 0; i < deletions.deals.length; i += 1000) {
    const ids = deletions.deals.slice(i, i + 1000);
    gone.splits += (
      await db
        .delete(creditSplits)
        .where(and(eq(creditSplits.workspaceId, workspaceId), inArray(creditSplits.dealId, ids)))
        .returning({ id: creditSplits.dealId })
    ).length;
    gone.deals += (
      await db
        .delete(deals)
        .where(and(eq(deals.workspaceId, workspaceId), inArray(deals.id, ids)))
        .returning({ id: deals.id })
    ).length;
  }
  for (let i = 0; i < deletions.accounts.length; i += 1000) {
    const ids = deletions.accounts.slice(i, i + 1000);
    gone.accounts += (
      await db
        .delete(accounts)
        .where(and(eq(accounts.workspaceId, workspaceId), inArray(accounts.id, ids)))
        .returning({ id: accounts.id })
    ).length;
  }
  return gone;
}
