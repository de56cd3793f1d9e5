// Drizzle schema of the workspace database: the canonical model of src/core/model.ts, one row
// per record, every table keyed by (workspace_id, …) so one database can hold several workspaces.

import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';
import type { PgTable } from 'drizzle-orm/pg-core';
import { DEAL_STATUSES, DEAL_TYPES } from '../core/model.ts';
import type {
  Account,
  Basis,
  CreditSplit,
  CurrencyRate,
  Deal,
  DealStatus,
  DealType,
  EntityName,
  Product,
  Rep,
  Territory,
} from '../core/model.ts';

/** One file read by an import, as recorded in imports.files. */
export interface ImportFileRecord {
  name: string;
  sha256: string;
  /** Entity the file was read as; null when it was not recognised. */
  entity: string | null;
  rows: number;
  accepted: number;
  rejected: number;
}

/** Rows an import inserted and updated, per entity. */
export type ImportCounts = Record<EntityName, { inserted: number; updated: number }>;

export type ImportStatus = 'completed' | 'failed';

/** SQL list literal of fixed strings, for check constraints (values are our own constants). */
function sqlList(values: readonly string[]) {
  return sql.raw(values.map((v) => `'${v}'`).join(', '));
}

/** ISO 4217 codes are three upper-case letters; char(3) would silently pad anything shorter. */
const CURRENCY_PATTERN = sql.raw(`'^[A-Z]{3}$'`);

export const workspaces = pgTable(
  'workspaces',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    basis: text('basis').$type<Basis>().notNull(),
    asOf: date('as_of', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    check('workspaces_basis_check', sql`${t.basis} in ('amount', 'count')`),
    check('workspaces_currency_check', sql`${t.currency} ~ ${CURRENCY_PATTERN}`),
  ],
);

export const imports = pgTable(
  'imports',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    preset: text('preset').notNull(),
    importedBy: text('imported_by').notNull(),
    options: jsonb('options').$type<Record<string, unknown>>().notNull(),
    files: jsonb('files').$type<ImportFileRecord[]>().notNull(),
    counts: jsonb('counts').$type<ImportCounts>(),
    status: text('status').$type<ImportStatus>().notNull(),
    /** Why a failed import failed; null when it completed. */
    error: text('error'),
  },
  (t) => [
    index('imports_workspace_idx').on(t.workspaceId, t.id),
    check('imports_status_check', sql`${t.status} in ('completed', 'failed')`),
  ],
);

// Entity tables. No foreign keys between them or to imports: source data is messy (a deal's owner
// may be missing from the roster, which the audit reports), and per-row FK checks would cost
// seconds on a million-deal import. The JS property names equal the model's field names, which
// lets record-codec.ts map rows generically and the type assertions below keep them in step.

export const reps = pgTable(
  'reps',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    managerId: text('manager_id'),
    role: text('role').notNull(),
    segment: text('segment'),
    territoryId: text('territory_id'),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    ote: bigint('ote', { mode: 'number' }),
    currency: char('currency', { length: 3 }),
    source: text('source').notNull(),
    derived: boolean('derived').notNull(),
    importId: integer('import_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'reps_pkey', columns: [t.workspaceId, t.id] }),
    check('reps_id_check', sql`${t.id} <> ''`),
    check('reps_currency_check', sql`${t.currency} ~ ${CURRENCY_PATTERN}`),
  ],
);

export const territories = pgTable(
  'territories',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    parentId: text('parent_id'),
    segment: text('segment'),
    source: text('source').notNull(),
    derived: boolean('derived').notNull(),
    importId: integer('import_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'territories_pkey', columns: [t.workspaceId, t.id] }),
    check('territories_id_check', sql`${t.id} <> ''`),
  ],
);

export const accounts = pgTable(
  'accounts',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    territoryId: text('territory_id'),
    ownerId: text('owner_id'),
    segment: text('segment'),
    industry: text('industry'),
    employees: integer('employees'),
    annualRevenue: bigint('annual_revenue', { mode: 'number' }),
    potential: bigint('potential', { mode: 'number' }),
    source: text('source').notNull(),
    derived: boolean('derived').notNull(),
    importId: integer('import_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'accounts_pkey', columns: [t.workspaceId, t.id] }),
    check('accounts_id_check', sql`${t.id} <> ''`),
  ],
);

export const products = pgTable(
  'products',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    family: text('family'),
    listPrice: bigint('list_price', { mode: 'number' }),
    source: text('source').notNull(),
    derived: boolean('derived').notNull(),
    importId: integer('import_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'products_pkey', columns: [t.workspaceId, t.id] }),
    check('products_id_check', sql`${t.id} <> ''`),
  ],
);

export const deals = pgTable(
  'deals',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    name: text('name'),
    accountId: text('account_id'),
    ownerId: text('owner_id'),
    sourceRepId: text('source_rep_id'),
    amount: bigint('amount', { mode: 'number' }),
    originalAmount: bigint('original_amount', { mode: 'number' }),
    currency: char('currency', { length: 3 }).notNull(),
    createdDate: date('created_date', { mode: 'string' }),
    closeDate: date('close_date', { mode: 'string' }),
    stage: text('stage'),
    status: text('status').$type<DealStatus>().notNull(),
    probability: doublePrecision('probability'),
    type: text('type').$type<DealType>(),
    product: text('product'),
    unmapped: text('unmapped')
      .array()
      .$type<('stage' | 'type')[]>()
      .notNull()
      .default(sql`'{}'::text[]`),
    source: text('source').notNull(),
    derived: boolean('derived').notNull(),
    importId: integer('import_id').notNull(),
  },
  (t) => [
    primaryKey({ name: 'deals_pkey', columns: [t.workspaceId, t.id] }),
    index('deals_owner_idx').on(t.workspaceId, t.ownerId),
    index('deals_close_date_idx').on(t.workspaceId, t.closeDate),
    check('deals_id_check', sql`${t.id} <> ''`),
    check('deals_status_check', sql`${t.status} in (${sqlList(DEAL_STATUSES)})`),
    check('deals_type_check', sql`${t.type} in (${sqlList(DEAL_TYPES)})`),
    check('deals_currency_check', sql`${t.currency} ~ ${CURRENCY_PATTERN}`),
  ],
);

export const currencyRates = pgTable(
  'currency_rates',
  {
    workspaceId: text('workspace_id').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    rate: doublePrecision('rate').notNull(),
    /** Null: valid since before any date; still one such rate per currency (NULLS NOT DISTINCT). */
    validFrom: date('valid_from', { mode: 'string' }),
    importId: integer('import_id').notNull(),
  },
  (t) => [
    unique('currency_rates_key').on(t.workspaceId, t.currency, t.validFrom).nullsNotDistinct(),
    check('currency_rates_currency_check', sql`${t.currency} ~ ${CURRENCY_PATTERN}`),
  ],
);

export const creditSplits = pgTable(
  'credit_splits',
  {
    workspaceId: text('workspace_id').notNull(),
    dealId: text('deal_id').notNull(),
    repId: text('rep_id').notNull(),
    share: doublePrecision('share').notNull(),
    importId: integer('import_id').notNull(),
  },
  (t) => [primaryKey({ name: 'credit_splits_pkey', columns: [t.workspaceId, t.dealId, t.repId] })],
);

/** The entity tables by the model's entity name. */
export const ENTITY_TABLES = {
  reps,
  territories,
  accounts,
  products,
  deals,
  rates: currencyRates,
  splits: creditSplits,
} as const satisfies Record<EntityName, PgTable>;

// Compile-time proof that a stored row, minus its bookkeeping columns, is exactly the model's
// record: adding a field to the model without a column (or the reverse) fails the type check.
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Stored<T extends PgTable> = Omit<T['$inferSelect'], 'workspaceId' | 'importId'>;
type Assert<T extends true> = T;
export type SchemaMatchesModel = [
  Assert<Equal<Stored<typeof reps>, Rep>>,
  Assert<Equal<Stored<typeof territories>, Territory>>,
  Assert<Equal<Stored<typeof accounts>, Account>>,
  Assert<Equal<Stored<typeof products>, Product>>,
  Assert<Equal<Stored<typeof deals>, Deal>>,
  Assert<Equal<Stored<typeof currencyRates>, CurrencyRate>>,
  Assert<Equal<Stored<typeof creditSplits>, CreditSplit>>,
];

export * from './workflow-schema.ts';
export * from './auth-schema.ts';
export * from './crm-schema.ts';
