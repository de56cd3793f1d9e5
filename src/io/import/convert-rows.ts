// Row converters: one per entity, compiled per file from its plan, turning a row's cells into a
// canonical record (pushed into the import state) or into the list of what is wrong with the row.

import { createHash } from 'node:crypto';
import type {
  Account,
  CreditSplit,
  CurrencyCode,
  CurrencyRate,
  Deal,
  DealStatus,
  DealType,
  EntityName,
  IsoDate,
  Product,
  Rep,
  Territory,
} from '../../core/model.ts';
import { roundCents } from '../../core/money.ts';
import { parseMoney } from '../values.ts';
import type { CellValue } from '../values.ts';
import { ENTITY_FIELDS } from './fields.ts';
import type { FilePlan } from './file-plan.ts';
import { cellText, compileReader, isInvalid, tooLong, UNMAPPED } from './readers.ts';
import type { FieldReader, Invalid, ReaderContext, TypeValue } from './readers.ts';
import type { RateTable } from './rate-table.ts';
import { derivedAccount, derivedRep } from './references.ts';
import type { RepResolver } from './references.ts';
import { valueKey } from './value-maps.ts';

/** What is wrong with one cell of a row. */
export interface RowIssue {
  code: string;
  message: string;
  expected: string;
  column: string;
  value: string;
}

/** null: the row became a record; 'skipped': deliberately left out (deleted); else its issues. */
export type RowOutcome = null | 'skipped' | RowIssue[];
export type RowConverter = (values: readonly CellValue[], row: number) => RowOutcome;

export interface ImportRecords {
  reps: Rep[];
  territories: Territory[];
  accounts: Account[];
  products: Product[];
  deals: Deal[];
  rates: CurrencyRate[];
  splits: CreditSplit[];
}

/**
 * Ids seen so far, per entity, kept in arrays in order of first sight; where an id was first
 * seen is only indexed (once) when a duplicate needs naming it. While the ids arrive in
 * ascending order (exports sorted by id), a new id is simply greater than the last one and
 * costs no set insertion; the first id out of order builds the set, which takes over.
 */
export interface IdRegistry {
  ids: Set<string> | null;
  readonly keys: string[];
  readonly files: number[];
  readonly rows: number[];
  positions: Map<string, number> | null;
}

function idRegistry(): IdRegistry {
  return { ids: null, keys: [], files: [], rows: [], positions: null };
}

/** Adds an id; false when it was there already. */
function register(registry: IdRegistry, key: string, fileIndex: number, row: number): boolean {
  let ids = registry.ids;
  if (ids === null) {
    const keys = registry.keys;
    if (keys.length === 0 || key > (keys[keys.length - 1] as string)) {
      keys.push(key);
      registry.files.push(fileIndex);
      registry.rows.push(row);
      return true;
    }
    ids = new Set(keys);
    registry.ids = ids;
  }
  const size = ids.size;
  ids.add(key);
  if (ids.size === size) return false;
  registry.positions?.set(key, registry.keys.length);
  registry.keys.push(key);
  registry.files.push(fileIndex);
  registry.rows.push(row);
  return true;
}

/** Where an id was first seen (file index and row); undefined when it was never registered. */
function seenAt(registry: IdRegistry, key: string): { file: number; row: number } | undefined {
  let positions = registry.positions;
  if (positions === null) {
    positions = new Map();
    for (let i = 0; i < registry.keys.length; i++) positions.set(registry.keys[i] ?? '', i);
    registry.positions = positions;
  }
  const at = positions.get(key);
  if (at === undefined) return undefined;
  return { file: registry.files[at] ?? 0, row: registry.rows[at] ?? 0 };
}

/** Where a registered id was first seen: file index and row. */
function firstSeen(registry: IdRegistry, key: string): { file: number; row: number } {
  return seenAt(registry, key) ?? { file: 0, row: 0 };
}

/**
 * The file (by name) and row a record's id was read from; undefined for records the import
 * derived rather than read (reps built from deal owners, territories named by reps).
 */
export function sourceRowOf(
  state: ImportState,
  entity: EntityName,
  id: string,
): { file: string; row: number } | undefined {
  const at = seenAt(state.seen[entity], id);
  if (at === undefined) return undefined;
  const file = state.fileNames[at.file];
  return file === undefined ? undefined : { file, row: at.row };
}

/** Everything the converters share across the files of one import. */
export interface ImportState {
  readonly source: string;
  readonly workspaceCurrency: CurrencyCode;
  readonly fileNames: readonly string[];
  readonly records: ImportRecords;
  /** First location of each id, per entity. */
  readonly seen: Record<EntityName, IdRegistry>;
  /** Set once rates files are read, before deals. */
  rates: RateTable;
  /** Set once reps files are read, before accounts and deals. */
  reps: RepResolver;
  /** No real roster anywhere: deal owners and sourcing reps become derived reps. */
  deriveRoster: boolean;
  /** Derived reps by id, and whether each owns deals (else it only sources them: an SDR). */
  readonly derivedOwners: Map<string, { rep: Rep; owner: boolean }>;
  accounts: (value: string) => string | undefined;
  deriveAccounts: boolean;
  readonly derivedAccounts: Map<string, Account>;
  readonly counts: {
    typeAssumed: number;
    closedWithoutDate: number;
    unmappedStages: Map<string, number>;
    unmappedTypes: Map<string, number>;
    generatedIds: number;
  };
}

export function importState(
  source: string,
  workspaceCurrency: CurrencyCode,
  fileNames: readonly string[],
  rates: RateTable,
  reps: RepResolver,
): ImportState {
  return {
    source,
    workspaceCurrency,
    fileNames,
    records: {
      reps: [],
      territories: [],
      accounts: [],
      products: [],
      deals: [],
      rates: [],
      splits: [],
    },
    seen: {
      reps: idRegistry(),
      territories: idRegistry(),
      accounts: idRegistry(),
      products: idRegistry(),
      deals: idRegistry(),
      rates: idRegistry(),
      splits: idRegistry(),
    },
    rates,
    reps,
    deriveRoster: false,
    derivedOwners: new Map(),
    accounts: () => undefined,
    deriveAccounts: false,
    derivedAccounts: new Map(),
    counts: {
      typeAssumed: 0,
      closedWithoutDate: 0,
      unmappedStages: new Map(),
      unmappedTypes: new Map(),
      generatedIds: 0,
    },
  };
}

/** Compiles the readers of a plan's fields (absent fields read as null). */
function readersOf(plan: FilePlan, ctx: ReaderContext, entity: EntityName) {
  return <T>(name: string): FieldReader<T> => {
    const spec = ENTITY_FIELDS[entity].find((s) => s.name === name);
    if (spec === undefined) throw new Error(`no field ${name} on ${entity}`);
    const options: { scale?: number; invert?: boolean; maxLength?: number } = {
      maxLength: spec.maxLength,
    };
    const scale = plan.scale[name];
    if (scale !== undefined) options.scale = scale;
    if (plan.invert.has(name)) options.invert = true;
    return compileReader<T>(
      name,
      spec.kind,
      plan.sources.get(name) ?? { kind: 'none' },
      ctx,
      options,
    );
  };
}

function take<T>(
  reader: FieldReader<T>,
  values: readonly CellValue[],
  row: number,
  issues: RowIssue[],
): T | null {
  const value = reader.read(values, row);
  if (!isInvalid(value)) return value;
  issues.push({
    code: value.code,
    message: value.message,
    expected: value.expected,
    column: reader.column,
    value: reader.raw(values, row),
  });
  return null;
}

/** A field that must have a value (ids, names). */
function need(
  reader: FieldReader<string | null>,
  values: readonly CellValue[],
  row: number,
  issues: RowIssue[],
  what: string,
): string {
  const before = issues.length;
  const value = take(reader, values, row, issues);
  if (value !== null) return value;
  // Not present (an optional id), or already reported as invalid.
  if (!reader.present || issues.length > before) return '';
  issues.push({
    code: 'missing-value',
    message: `${reader.name} is empty`,
    expected: what,
    column: reader.column,
    value: '',
  });
  return '';
}

/** Flags a repeated id on the later row; records the first place an id was seen. */
function checkUnique(
  state: ImportState,
  entity: EntityName,
  key: string,
  fileIndex: number,
  row: number,
  column: string,
  issues: RowIssue[],
): void {
  if (key === '') return;
  const seen = state.seen[entity];
  if (register(seen, key, fileIndex, row)) return;
  const first = firstSeen(seen, key);
  const firstFile = state.fileNames[first.file] ?? '?';
  const firstRow = first.row;
  issues.push({
    code: 'duplicate-id',
    message: `duplicate id "${key}"; first seen in ${firstFile} row ${firstRow}`,
    expected: `an id used by one ${entity} row only`,
    column,
    value: key,
  });
}

function finish(issues: RowIssue[]): RowOutcome {
  return issues.length === 0 ? null : issues.slice();
}

function skipDeleted(
  reader: FieldReader<boolean>,
  values: readonly CellValue[],
  row: number,
): boolean {
  return reader.present && reader.read(values, row) === true;
}

/** Converter of a file that holds `plan.entity` records; `deleted` counts IsDeleted rows. */
export function rowConverter(plan: FilePlan, ctx: ReaderContext, state: ImportState): RowConverter {
  switch (plan.entity) {
    case 'reps':
      return repConverter(plan, ctx, state);
    case 'territories':
      return territoryConverter(plan, ctx, state);
    case 'accounts':
      return accountConverter(plan, ctx, state);
    case 'products':
      return productConverter(plan, ctx, state);
    case 'rates':
      return rateConverter(plan, ctx, state);
    case 'splits':
      return splitConverter(plan, ctx, state);
    case 'deals':
      return plan.use === 'created-dates'
        ? createdDateConverter(plan, ctx, state)
        : dealConverter(plan, ctx, state);
    case null:
      return () => 'skipped';
  }
}

function repConverter(plan: FilePlan, ctx: ReaderContext, state: ImportState): RowConverter {
  const r = readersOf(plan, ctx, 'reps');
  const id = r<string | null>('id');
  const name = r<string | null>('name');
  const email = r<string | null>('email');
  const manager = r<string | null>('manager_id');
  const role = r<string | null>('role');
  const segment = r<string | null>('segment');
  const territory = r<string | null>('territory_id');
  const start = r<IsoDate | null>('start_date');
  const end = r<IsoDate | null>('end_date');
  const ote = r<number | null>('ote');
  const currency = r<string | null>('currency');
  const deleted = r<boolean>('is_deleted');
  const issues: RowIssue[] = [];
  const fileIndex = plan.file.index;
  return (v, row) => {
    if (skipDeleted(deleted, v, row)) return 'skipped';
    issues.length = 0;
    const repId = need(id, v, row, issues, 'the rep’s id');
    const rep: Rep = {
      id: repId,
      name: need(name, v, row, issues, 'the rep’s name'),
      email: take(email, v, row, issues),
      managerId: take(manager, v, row, issues),
      role: take(role, v, row, issues) ?? 'AE',
      segment: take(segment, v, row, issues),
      territoryId: take(territory, v, row, issues),
      startDate: take(start, v, row, issues),
      endDate: take(end, v, row, issues),
      ote: take(ote, v, row, issues),
      currency: take(currency, v, row, issues),
      source: state.source,
      derived: false,
    };
    if (rep.ote !== null && rep.currency === null) rep.currency = state.workspaceCurrency;
    checkUnique(state, 'reps', repId, fileIndex, row, id.column, issues);
    if (issues.length === 0) state.records.reps.push(rep);
    return finish(issues);
  };
}

function territoryConverter(plan: FilePlan, ctx: ReaderContext, state: ImportState): RowConverter {
  const r = readersOf(plan, ctx, 'territories');
  const id = r<string | null>('id');
  const name = r<string | null>('name');
  const parent = r<string | null>('parent_id');
  const segment = r<string | null>('segment');
  const issues: RowIssue[] = [];
  return (v, row) => {
    issues.length = 0;
    const territoryId = need(id, v, row, issues, 'the territory’s id');
    const territory: Territory = {
      id: territoryId,
      name: need(name, v, row, issues, 'the territory’s name'),
      parentId: take(parent, v, row, issues),
      segment: take(segment, v, row, issues),
      source: state.source,
      derived: false,
    };
    checkUnique(state, 'territories', territoryId, plan.file.index, row, id.column, issues);
    if (issues.length === 0) state.records.territories.push(territory);
    return finish(issues);
  };
}

function accountConverter(plan: FilePlan, ctx: ReaderContext, state: ImportState): RowConverter {
  const r = readersOf(plan, ctx, 'accounts');
  const id = r<string | null>('id');
  const name = r<string | null>('name');
  const territory = r<string | null>('territory_id');
  const owner = r<string | null>('owner_id');
  const segment = r<string | null>('segment');
  const industry = r<string | null>('industry');
  const employees = r<number | null>('employees');
  const revenue = r<number | null>('annual_revenue');
  const potential = r<number | null>('potential');
  const deleted = r<boolean>('is_deleted');
  const issues: RowIssue[] = [];
  return (v, row) => {
    if (skipDeleted(deleted, v, row)) return 'skipped';
    issues.length = 0;
    const accountId = need(id, v, row, issues, 'the account’s id');
    const ownerRaw = take(owner, v, row, issues);
    const account: Account = {
      id: accountId,
      name: need(name, v, row, issues, 'the account’s name'),
      territoryId: take(territory, v, row, issues),
      ownerId: ownerRaw === null ? null : (state.reps.resolve(ownerRaw) ?? ownerRaw),
      segment: take(segment, v, row, issues),
      industry: take(industry, v, row, issues),
      employees: take(employees, v, row, issues),
      annualRevenue: take(revenue, v, row, issues),
      potential: take(potential, v, row, issues),
      source: state.source,
      derived: false,
    };
    checkUnique(state, 'accounts', accountId, plan.file.index, row, id.column, issues);
    if (issues.length === 0) state.records.accounts.push(account);
    return finish(issues);
  };
}

function productConverter(plan: FilePlan, ctx: ReaderContext, state: ImportState): RowConverter {
  const r = readersOf(plan, ctx, 'products');
  const id = r<string | null>('id');
  const name = r<string | null>('name');
  const family = r<string | null>('family');
  const price = r<number | null>('list_price');
  const issues: RowIssue[] = [];
  return (v, row) => {
    issues.length = 0;
    const productId = need(id, v, row, issues, 'the product’s id');
    const product: Product = {
      id: productId,
      name: need(name, v, row, issues, 'the product’s name'),
      family: take(family, v, row, issues),
      listPrice: take(price, v, row, issues),
      source: state.source,
      derived: false,
    };
    checkUnique(state, 'products', productId, plan.file.index, row, id.column, issues);
    if (issues.length === 0) state.records.products.push(product);
    return finish(issues);
  };
}

function rateConverter(plan: FilePlan, ctx: ReaderContext, state: ImportState): RowConverter {
  const r = readersOf(plan, ctx, 'rates');
  const currency = r<string | null>('currency');
  const rate = r<number | null>('rate');
  const validFrom = r<IsoDate | null>('valid_from');
  const issues: RowIssue[] = [];
  return (v, row) => {
    issues.length = 0;
    const code = need(currency, v, row, issues, 'a 3-letter ISO currency code like EUR');
    const value = take(rate, v, row, issues);
    if (value === null && issues.length === 0) {
      issues.push({
        code: 'missing-value',
        message: 'rate is empty',
        expected: `${state.workspaceCurrency} per one unit of ${code || 'the currency'}, above 0`,
        column: rate.column,
        value: '',
      });
    } else if (value !== null && value <= 0) {
      issues.push({
        code: 'invalid-number',
        message: 'rate is not a rate',
        expected: 'a number above 0',
        column: rate.column,
        value: rate.raw(v, row),
      });
    }
    const from = take(validFrom, v, row, issues);
    if (code !== '') {
      checkUnique(
        state,
        'rates',
        `${code} from ${from ?? 'the start'}`,
        plan.file.index,
        row,
        currency.column,
        issues,
      );
    }
    if (issues.length === 0 && value !== null) {
      state.records.rates.push({ currency: code, rate: value, validFrom: from });
    }
    return finish(issues);
  };
}

function splitConverter(plan: FilePlan, ctx: ReaderContext, state: ImportState): RowConverter {
  const r = readersOf(plan, ctx, 'splits');
  const deal = r<string | null>('deal_id');
  const rep = r<string | null>('rep_id');
  const share = r<number | null>('share');
  const issues: RowIssue[] = [];
  return (v, row) => {
    issues.length = 0;
    const dealId = need(deal, v, row, issues, 'the id of a deal');
    const repRaw = need(rep, v, row, issues, 'the id of a rep');
    const fraction = take(share, v, row, issues);
    if (fraction === 0 || (fraction === null && issues.length === 0)) {
      issues.push({
        code: 'invalid-probability',
        message: 'share is not above 0',
        expected: 'a share above 0 and at most 1 (or 100%)',
        column: share.column,
        value: share.raw(v, row),
      });
    }
    const repId = repRaw === '' ? '' : (state.reps.resolve(repRaw) ?? repRaw);
    checkUnique(state, 'splits', `${dealId} → ${repId}`, plan.file.index, row, rep.column, issues);
    if (issues.length === 0 && fraction !== null) {
      state.records.splits.push({ dealId, repId, share: fraction });
    }
    return finish(issues);
  };
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The id of a Salesforce report row: reports carry no record id unless the user adds one. */
function salesforceReportId(owner: string, account: string, name: string, created: string): string {
  const digest = createHash('sha256')
    .update(`${owner}|${account}|${name}|${created}`)
    .digest('hex');
  return `sfr-${digest.slice(0, 12)}`;
}

/**
 * Identical report rows hash alike: the second becomes `<hash>-2`, and so on, in file order, so
 * the ids stay the same when the same report is imported again.
 */
function uniqueGeneratedId(
  state: ImportState,
  base: string,
  fileIndex: number,
  row: number,
): string {
  const seen = state.seen.deals;
  let candidate = base;
  for (let n = 2; !register(seen, candidate, fileIndex, row); n++) candidate = `${base}-${n}`;
  return candidate;
}

/**
 * A copy of a string that holds no reference to a larger one. A deal's name cut from the plain
 * CSV reader's chunk is a slice of it (V8 slices strings of 13 characters or more): kept as it
 * is, a million deals keep the whole file's text alive (148 MB for the 1M-deal bench org).
 * Shorter strings are copies already.
 */
function ownText(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

/** A cell's trimmed text, or null when empty or missing. */
function textAt(values: readonly CellValue[], index: number): string | null {
  const cell = values[index];
  if (cell === undefined) return null;
  const text = cellText(cell);
  return text === '' ? null : text;
}

// The deal converter is the hot path (millions of rows): it reads columns by index, parses
// low-cardinality fields (dates, stages, flags, probabilities) once per distinct text, and
// resolves each distinct owner and account once.
function dealConverter(plan: FilePlan, ctx: ReaderContext, state: ImportState): RowConverter {
  const r = readersOf(plan, ctx, 'deals');
  const id = r<string | null>('id');
  const name = r<string | null>('name');
  const account = r<string | null>('account_id');
  const owner = r<string | null>('owner_id');
  const sourceRep = r<string | null>('source_rep_id');
  const amount = r<number | null>('amount');
  const currency = r<string | null>('currency');
  const created = r<IsoDate | null>('created_date');
  const close = r<IsoDate | null>('close_date');
  const stage = r<string | null>('stage');
  const status = r<DealStatus | null>('status');
  const probability = r<number | null>('probability');
  const type = r<TypeValue>('type');
  const product = r<string | null>('product');
  const isWon = r<boolean>('is_won');
  const isClosed = r<boolean>('is_closed');
  const deleted = r<boolean>('is_deleted');

  const fileIndex = plan.file.index;
  const source = state.source;
  const defaultCurrency = plan.currency ?? state.workspaceCurrency;
  const workspace = state.workspaceCurrency;
  const locale = ctx.locale;
  const stageMap = ctx.statusMap;
  const generateId = plan.generatedId === 'salesforce-report';
  const counts = state.counts;
  const deals = state.records.deals;
  const issues: RowIssue[] = [];

  const report = (
    reader: FieldReader<unknown>,
    values: readonly CellValue[],
    row: number,
    bad: Invalid,
  ): void => {
    issues.push({
      code: bad.code,
      message: bad.message,
      expected: bad.expected,
      column: reader.column,
      value: reader.raw(values, row),
    });
  };

  /** Plain text of a field (ids, names): no parsing, no cache. */
  const textOf = (
    reader: FieldReader<string | null>,
    values: readonly CellValue[],
    row: number,
  ): string | null => {
    if (reader.index < 0) return take(reader, values, row, issues);
    const text = textAt(values, reader.index);
    if (text === null || text.length <= reader.maxLength) return text;
    report(reader, values, row, tooLong(reader.name, text.length, reader.maxLength));
    return null;
  };

  /** A field whose values repeat: each distinct text is parsed once. */
  const cachedOf = <T>(
    reader: FieldReader<T>,
    cache: Map<string, T | Invalid>,
    values: readonly CellValue[],
    row: number,
  ): T | null => {
    const index = reader.index;
    if (index < 0) return reader.present ? take(reader, values, row, issues) : reader.empty;
    const cell = values[index];
    if (cell === undefined) return reader.empty;
    const text = cellText(cell);
    if (text === '') return reader.empty;
    let hit = cache.get(text);
    if (hit === undefined) {
      hit = reader.parse(text, cell);
      cache.set(text, hit);
    }
    if (!isInvalid(hit)) return hit;
    report(reader, values, row, hit);
    return null;
  };

  const moneyOf = (
    reader: FieldReader<number | null>,
    values: readonly CellValue[],
    row: number,
  ): number | null => {
    const index = reader.index;
    if (index < 0) return take(reader, values, row, issues);
    const cell = values[index];
    if (cell === undefined) return null;
    const result = parseMoney(typeof cell === 'number' ? cell : cellText(cell), locale);
    if (result.ok) return result.value;
    report(reader, values, row, reader.parse(cellText(cell), cell) as Invalid);
    return null;
  };
  const moneyScaled = (plan.scale.amount ?? 1) !== 1;

  const createdCache = new Map<string, IsoDate | null | Invalid>();
  const closeCache = new Map<string, IsoDate | null | Invalid>();
  const stageCache = new Map<string, string | null | Invalid>();
  const statusCache = new Map<string, DealStatus | null | Invalid>();
  const typeCache = new Map<string, TypeValue | Invalid>();
  const probabilityCache = new Map<string, number | null | Invalid>();
  const currencyCache = new Map<string, string | null | Invalid>();
  const wonCache = new Map<string, boolean | Invalid>();
  const closedCache = new Map<string, boolean | Invalid>();
  const deletedCache = new Map<string, boolean | Invalid>();
  // Products repeat: the cache also keeps one string per product instead of one per deal.
  const productCache = new Map<string, string | null | Invalid>();
  const stageStatus = new Map<string, DealStatus | null>();
  const owners = new Map<string, string>();
  const sources = new Map<string, string>();
  const accounts = new Map<string, string>();

  const resolveRep = (value: string, asOwner: boolean): string => {
    const found = state.reps.resolve(value);
    if (found !== undefined) return found;
    if (!state.deriveRoster) return value;
    const known = state.derivedOwners.get(value);
    if (known === undefined) {
      state.derivedOwners.set(value, {
        rep: derivedRep(value, asOwner ? 'AE' : 'SDR', source),
        owner: asOwner,
      });
    } else if (asOwner && !known.owner) {
      known.owner = true;
      known.rep.role = 'AE';
    }
    return value;
  };

  const ownerId = (value: string): string => {
    let hit = owners.get(value);
    if (hit === undefined) {
      hit = resolveRep(value, true);
      owners.set(value, hit);
    }
    return hit;
  };

  const sourceRepId = (value: string): string => {
    let hit = sources.get(value);
    if (hit === undefined) {
      hit = resolveRep(value, false);
      sources.set(value, hit);
    }
    return hit;
  };

  const accountId = (value: string): string => {
    let hit = accounts.get(value);
    if (hit === undefined) {
      hit = state.accounts(value);
      if (hit === undefined) {
        hit = value;
        if (state.deriveAccounts) state.derivedAccounts.set(value, derivedAccount(value, source));
      }
      accounts.set(value, hit);
    }
    return hit;
  };

  const statusOfStage = (value: string): DealStatus | null => {
    let hit = stageStatus.get(value);
    if (hit === undefined) {
      hit = stageMap.get(valueKey(value)) ?? null;
      stageStatus.set(value, hit);
    }
    return hit;
  };

  return (v, row) => {
    issues.length = 0;
    if (deleted.present && cachedOf(deleted, deletedCache, v, row) === true) return 'skipped';
    const ownerRaw = textOf(owner, v, row);
    const accountRaw = textOf(account, v, row);
    const dealName = textOf(name, v, row);
    const createdDate = cachedOf(created, createdCache, v, row);
    const closeDate = cachedOf(close, closeCache, v, row);
    let dealId: string;
    if (generateId) {
      dealId = salesforceReportId(
        ownerRaw ?? '',
        accountRaw ?? '',
        dealName ?? '',
        createdDate ?? '',
      );
      counts.generatedIds++;
    } else {
      const before = issues.length;
      dealId = textOf(id, v, row) ?? '';
      if (dealId === '' && issues.length === before) {
        issues.push({
          code: 'missing-value',
          message: 'id is empty',
          expected: 'the deal’s id',
          column: id.column,
          value: '',
        });
      }
    }

    // Status: explicit flags, then a status column, then the stage through the value map.
    const stageText = cachedOf(stage, stageCache, v, row);
    const unmapped: ('stage' | 'type')[] = [];
    let dealStatus: DealStatus = 'open';
    const won = isWon.present ? cachedOf(isWon, wonCache, v, row) : null;
    if (won === true) {
      dealStatus = 'won';
    } else if (isClosed.present) {
      dealStatus = cachedOf(isClosed, closedCache, v, row) === true ? 'lost' : 'open';
    } else {
      const given = status.present ? cachedOf(status, statusCache, v, row) : null;
      if (given !== null) {
        dealStatus = given;
      } else if (stage.present) {
        const mapped = stageText === null ? null : statusOfStage(stageText);
        if (mapped === null) {
          unmapped.push('stage');
        } else if (mapped === 'won' && won === false) {
          issues.push({
            code: 'status-conflict',
            message: `${isWon.column} is false but the stage "${stageText ?? ''}" means won`,
            expected: 'a won stage only on deals flagged as won',
            column: isWon.column,
            value: isWon.raw(v, row),
          });
        } else {
          dealStatus = mapped;
        }
      }
    }

    const typeValue = type.present ? cachedOf(type, typeCache, v, row) : null;
    let dealType: DealType | null;
    if (typeValue === null) {
      dealType = 'new_business';
    } else if (typeValue === UNMAPPED) {
      dealType = null;
      unmapped.push('type');
    } else {
      dealType = typeValue;
    }

    // Amount: converted into the workspace currency at the rate valid on the close date.
    const original = moneyScaled ? take(amount, v, row, issues) : moneyOf(amount, v, row);
    const dealCurrency =
      (currency.present ? cachedOf(currency, currencyCache, v, row) : null) ?? defaultCurrency;
    let converted: number | null = original;
    if (original !== null && dealCurrency !== workspace) {
      const rate = state.rates.rateOn(dealCurrency, closeDate ?? createdDate);
      if (rate === undefined) {
        converted = null;
        issues.push({
          code: 'missing-rate',
          message: `no exchange rate for ${dealCurrency}; add it to a rates file`,
          expected: `a rates file row with currency ${dealCurrency} and the ${workspace} value of one ${dealCurrency}`,
          column: currency.present ? currency.column : amount.column,
          value: currency.present ? currency.raw(v, row) : amount.raw(v, row),
        });
      } else {
        converted = roundCents(original * rate);
      }
    }

    const sourceRaw = textOf(sourceRep, v, row);
    const dealProbability = probability.present
      ? cachedOf(probability, probabilityCache, v, row)
      : null;
    const dealProduct = cachedOf(product, productCache, v, row);
    if (generateId) dealId = uniqueGeneratedId(state, dealId, fileIndex, row);
    else checkUnique(state, 'deals', dealId, fileIndex, row, id.column, issues);
    if (issues.length > 0) return issues.slice();

    if (dealStatus !== 'open' && closeDate === null) counts.closedWithoutDate++;
    if (typeValue === null) counts.typeAssumed++;
    if (unmapped.length > 0) {
      if (unmapped[0] === 'stage') increment(counts.unmappedStages, stageText ?? '');
      if (dealType === null) increment(counts.unmappedTypes, cellTextOf(type, v, row));
    }

    // Built with every field in one order so that all deals share one object shape.
    const deal: Deal = {
      id: dealId,
      name: dealName === null ? null : ownText(dealName),
      accountId: accountRaw === null ? null : accountId(accountRaw),
      ownerId: ownerRaw === null ? null : ownerId(ownerRaw),
      sourceRepId: sourceRaw === null ? null : sourceRepId(sourceRaw),
      amount: converted,
      originalAmount: original,
      currency: dealCurrency,
      createdDate,
      closeDate,
      stage: stageText,
      status: dealStatus,
      probability: dealProbability,
      type: dealType,
      product: dealProduct,
      unmapped,
      source,
      derived: false,
    };
    deals.push(deal);
    return null;
  };
}

function cellTextOf(
  reader: FieldReader<unknown>,
  values: readonly CellValue[],
  row: number,
): string {
  return reader.raw(values, row).trim();
}

/**
 * Olist-style supplement: rows give the created date of deals of this import by id; rows of
 * ids that are not deals (leads that never closed) are counted, not errors.
 */
function createdDateConverter(
  plan: FilePlan,
  ctx: ReaderContext,
  state: ImportState,
): RowConverter {
  const r = readersOf(plan, ctx, 'deals');
  const id = r<string | null>('id');
  const created = r<IsoDate | null>('created_date');
  const issues: RowIssue[] = [];
  let byId: Map<string, Deal> | null = null;
  return (v, row) => {
    byId ??= new Map(state.records.deals.map((d) => [d.id, d]));
    issues.length = 0;
    const dealId = take(id, v, row, issues);
    const deal = dealId === null ? undefined : byId.get(dealId);
    if (deal === undefined) return 'skipped';
    const date = take(created, v, row, issues);
    if (issues.length > 0) return issues.slice();
    if (deal.createdDate === null) deal.createdDate = date;
    return null;
  };
}
