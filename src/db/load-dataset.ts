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
import { ENTITY_SPECS, recordDecoder } from './record-codec.ts';
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

/** Table pages per COPY when a table is read in slices: bounds the COPY output held at once. */
const SLICE_PAGES = 4096;

/**
 * Everything stored for the workspace, read in one consistent snapshot. Records of each entity
 * come ordered by key (ids compared byte-wise), so both drivers return identical datasets.
 */
export async function loadDataset(
  database: Database,
  workspaceId: string,
  options: { slicePages?: number } = {},
): Promise<Dataset> {
  const pages = options.slicePages ?? SLICE_PAGES;
  return inTransaction(
    database,
    async (session) => {
      const dataset = emptyDataset(await readSettings(session, workspaceId));
      dataset.reps = await readRecords(session, 'reps', workspaceId, pages);
      dataset.territories = await readRecords(session, 'territories', workspaceId, pages);
      dataset.accounts = await readRecords(session, 'accounts', workspaceId, pages);
      dataset.products = await readRecords(session, 'products', workspaceId, pages);
      dataset.deals = await readRecords(session, 'deals', workspaceId, pages);
      dataset.rates = await readRecords(session, 'rates', workspaceId, pages);
      dataset.splits = await readRecords(session, 'splits', workspaceId, pages);
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
      const reps = await readRecords(session, 'reps', workspaceId, SLICE_PAGES);
      const territories = await readRecords(session, 'territories', workspaceId, SLICE_PAGES);
      const rates = await readRecords(session, 'rates', workspaceId, SLICE_PAGES);
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
 *
 * An entity keyed by one text column (deals, reps, accounts …) is read unsorted, in slices of
 * `slicePages` table pages (TID range scans), and put in key order here: a big import writes its
 * rows in key order, so the usual result is already sorted and only checked. That spares the
 * database a sort of every row and, on PGlite, holding the whole table's COPY output at once.
 */
async function readRecords<E extends EntityName>(
  session: SqlSession,
  entity: E,
  workspaceId: string,
  slicePages: number,
): Promise<Dataset[E]> {
  const spec = ENTITY_SPECS[entity];
  const records: object[] = [];
  const decode = recordDecoder(spec);
  const onRow = (fields: string[]): void => {
    records.push(decode(fields));
  };
  const select = `select ${columnList(spec.columns)} from ${quoteIdent(spec.table)}
       where workspace_id = ${sqlLiteral(workspaceId)}`;
  const key = spec.key.length === 1 && spec.key[0]?.kind === 'text' ? spec.key[0] : undefined;
  if (key === undefined) {
    await readCopyRows(session.copyOut(`${select} order by ${keyOrder(spec)}`), onRow);
    return records as Dataset[E];
  }
  const [size] = await session.query<{ pages: number }>(
    `select (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int as pages`,
    [spec.table],
  );
  const pages = size?.pages ?? 0;
  // Rows this transaction sees lie within the pages counted; the last slice is open-ended anyway.
  for (let first = 0; first === 0 || first < pages; first += slicePages) {
    const upTo = first + slicePages < pages ? ` and ctid < '(${first + slicePages},0)'::tid` : '';
    await readCopyRows(session.copyOut(`${select} and ctid >= '(${first},0)'::tid${upTo}`), onRow);
  }
  return inTextKeyOrder(records, key.field) as Dataset[E];
}

/**
 * Records ordered by a text field compared by code point, which is the byte order of its UTF-8
 * (`COLLATE "C"`); JavaScript's `<` compares UTF-16 units and differs for astral characters.
 */
export function inTextKeyOrder(records: object[], field: string): object[] {
  const keyOf = (record: object): string => (record as Record<string, string>)[field] ?? '';
  for (let i = 1; i < records.length; i++) {
    if (compareCodePoints(keyOf(records[i - 1] as object), keyOf(records[i] as object)) > 0) {
      return records.sort((a, b) => compareCodePoints(keyOf(a), keyOf(b)));
    }
  }
  return records;
}

/** Negative, zero or positive as `a` comes before, with or after `b` in code point order. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (astral characters) sort after U+E000…U+FFFF in code point order.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
