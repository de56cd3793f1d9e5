// Reads a workspace back as the core's Dataset. Rows stream out through COPY … TO and are parsed
// here, which is many times faster than row-by-row result decoding for a million deals.

import { emptyDataset } from '../core/model.ts';
import type {
  Basis,
  CurrencyRate,
  Dataset,
  EntityName,
  Rep,
  Territory,
  WorkspaceSettings,
} from '../core/model.ts';
import { readCopyRows, sqlLiteral, unescapeCopyField } from './copy-text.ts';
import { WorkspaceNotFoundError } from './errors.ts';
import type { Database } from './open-database.ts';
import { decodeRecord, ENTITY_SPECS } from './record-codec.ts';
import { inTransaction } from './sql-session.ts';
import type { SqlSession } from './sql-session.ts';
import { columnList, keyOrder, quoteIdent } from './sql-names.ts';

/** What an import needs to resolve references, without reading any deal. */
export interface ReferenceData {
  settings: WorkspaceSettings;
  reps: Rep[];
  territories: Territory[];
  accountIds: string[];
  rates: CurrencyRate[];
  dealCount: number;
}

/**
 * Everything stored for the workspace, read in one consistent snapshot. Records of each entity
 * come ordered by key (ids compared byte-wise), so both drivers return identical datasets.
 */
export async function loadDataset(database: Database, workspaceId: string): Promise<Dataset> {
  return inTransaction(
    database,
    async (session) => {
      const dataset = emptyDataset(await readSettings(session, workspaceId));
      dataset.reps = await readRecords(session, 'reps', workspaceId);
      dataset.territories = await readRecords(session, 'territories', workspaceId);
      dataset.accounts = await readRecords(session, 'accounts', workspaceId);
      dataset.products = await readRecords(session, 'products', workspaceId);
      dataset.deals = await readRecords(session, 'deals', workspaceId);
      dataset.rates = await readRecords(session, 'rates', workspaceId);
      dataset.splits = await readRecords(session, 'splits', workspaceId);
      return dataset;
    },
    { readOnly: true },
  );
}

/** Settings, reps, territories, account ids and rates of the workspace, and how many deals it has. */
export async function loadReferenceData(
  database: Database,
  workspaceId: string,
): Promise<ReferenceData> {
  return inTransaction(
    database,
    async (session) => {
      const settings = await readSettings(session, workspaceId);
      const reps = await readRecords(session, 'reps', workspaceId);
      const territories = await readRecords(session, 'territories', workspaceId);
      const rates = await readRecords(session, 'rates', workspaceId);
      const accountIds: string[] = [];
      await readCopyRows(
        session.copyOut(
          `select id from accounts where workspace_id = ${sqlLiteral(workspaceId)} order by id collate "C"`,
        ),
        (fields) => accountIds.push(unescapeCopyField(fields[0] ?? '')),
      );
      const [deals] = await session.query<{ n: number }>(
        `select count(*)::int as n from deals where workspace_id = $1`,
        [workspaceId],
      );
      return { settings, reps, territories, accountIds, rates, dealCount: deals?.n ?? 0 };
    },
    { readOnly: true },
  );
}

async function readSettings(session: SqlSession, workspaceId: string): Promise<WorkspaceSettings> {
  const [row] = await session.query<{ currency: string; basis: Basis; asOf: string | null }>(
    `select currency, basis, as_of::text as "asOf" from workspaces where id = $1`,
    [workspaceId],
  );
  if (row === undefined) throw new WorkspaceNotFoundError(workspaceId);
  return { currency: row.currency, basis: row.basis, asOf: row.asOf };
}

/**
 * The workspace's records of one entity in key order. The cast is sound because the codec's
 * columns are the table's, and schema.ts proves each table row equals its model record.
 */
async function readRecords<E extends EntityName>(
  session: SqlSession,
  entity: E,
  workspaceId: string,
): Promise<Dataset[E]> {
  const spec = ENTITY_SPECS[entity];
  const records: object[] = [];
  const columns = spec.columns;
  await readCopyRows(
    session.copyOut(
      `select ${columnList(columns)} from ${quoteIdent(spec.table)}
       where workspace_id = ${sqlLiteral(workspaceId)} order by ${keyOrder(spec)}`,
    ),
    (fields) => records.push(decodeRecord(columns, fields)),
  );
  return records as Dataset[E];
}
