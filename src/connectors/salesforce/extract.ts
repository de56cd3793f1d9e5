// Pulls an org's users, accounts, opportunities, revenue splits and dated conversion rates into
// CSV files laid out like Salesforce's own exports (API field names as headers), so that the
// importer's salesforce preset reads them exactly as it reads a Data Loader export. Batches are
// written as they arrive: memory holds one batch, plus the users.

import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { SalesforceClient } from './client.ts';
import type { SalesforceFeatures } from './probe.ts';

/** RFC 4180 quoting. No formula guard: the file is read back by our importer, not a spreadsheet. */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

class CsvOut {
  readonly path: string;
  readonly #stream: WriteStream;
  rows = 0;
  constructor(path: string, headers: readonly string[]) {
    this.path = path;
    this.#stream = createWriteStream(path, { encoding: 'utf8' });
    this.#stream.write(headers.map(csvField).join(',') + '\n');
  }
  async write(cells: readonly unknown[]): Promise<void> {
    this.rows++;
    if (!this.#stream.write(cells.map(csvField).join(',') + '\n')) {
      await once(this.#stream, 'drain');
    }
  }
  async close(): Promise<void> {
    const closed = once(this.#stream, 'close');
    this.#stream.end();
    await closed;
  }
}

/** A relationship field's value ('UserRole.Name' → record.UserRole.Name). */
function pick(record: Record<string, unknown>, field: string): unknown {
  const dot = field.indexOf('.');
  if (dot < 0) return record[field];
  const parent = record[field.slice(0, dot)];
  return typeof parent === 'object' && parent !== null
    ? (parent as Record<string, unknown>)[field.slice(dot + 1)]
    : null;
}

export interface ExtractOptions {
  /** Only records changed after this SystemModstamp (ISO), deleted ones included (queryAll). */
  since?: string | undefined;
  /** Users the workspace already holds: their own changes are pulled too (incremental pulls). */
  knownPeople?: ReadonlySet<string> | undefined;
}

export interface Extracted {
  /** The files written, in the order the importer should read them. */
  paths: string[];
  /** Records fetched per object. */
  fetched: Record<string, number>;
  /** The greatest SystemModstamp seen (the next incremental pull starts after it). */
  watermark: string | null;
  /** The org's corporate currency, in multicurrency orgs. */
  corporateCurrency: string | null;
  /** Records the CRM deleted since `since` (queryAll, IsDeleted); empty for a full pull. */
  deleted: { deals: string[]; accounts: string[] };
  /** Changed records of the pulled objects (without rates, which are always read whole). */
  changed: number;
}

const OPPORTUNITY_FIELDS = [
  'Id',
  'Name',
  'AccountId',
  'OwnerId',
  'Amount',
  'CloseDate',
  'CreatedDate',
  'StageName',
  'IsClosed',
  'IsWon',
  'Probability',
  'Type',
  'IsDeleted',
  'SystemModstamp',
];
const ACCOUNT_FIELDS = [
  'Id',
  'Name',
  'OwnerId',
  'Industry',
  'NumberOfEmployees',
  'AnnualRevenue',
  'IsDeleted',
  'SystemModstamp',
];
const USER_FIELDS = [
  'Id',
  'Name',
  'Email',
  'IsActive',
  'ManagerId',
  'UserRole.Name',
  'SystemModstamp',
];

function soqlDatetime(iso: string): string {
  // SOQL datetime literals take no quotes: 2026-01-05T09:00:00.000+0000 or …Z.
  return iso.replace(/\+00:?00$/, 'Z');
}

/**
 * Writes the org's data into `dir`. Users are limited to the people the data names (owners of
 * opportunities, accounts and splits) and their management chains: integration and support
 * users are not sellers.
 */
export async function extractSalesforce(
  client: SalesforceClient,
  features: SalesforceFeatures,
  dir: string,
  options: ExtractOptions = {},
): Promise<Extracted> {
  const fetched: Record<string, number> = {};
  let watermark: string | null = null;
  const note = (record: Record<string, unknown>) => {
    const stamp = record.SystemModstamp;
    if (
      typeof stamp === 'string' &&
      (watermark === null ||
        Date.parse(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) >
          Date.parse(watermark.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))
    ) {
      watermark = stamp;
    }
  };
  const since =
    options.since === undefined ? '' : ` WHERE SystemModstamp > ${soqlDatetime(options.since)}`;
  const all = options.since !== undefined;
  const people = new Set<string>();

  async function pull(
    object: string,
    file: string,
    fields: readonly string[],
    where: string,
    onRecord: (r: Record<string, unknown>, out: CsvOut) => Promise<void>,
    queryAll = all,
    headers: readonly string[] = fields,
  ): Promise<void> {
    const out = new CsvOut(join(dir, file), headers);
    try {
      fetched[object] = await client.queryEach(
        `SELECT ${fields.join(', ')} FROM ${object}${where}`,
        async (records) => {
          for (const r of records) {
            // The watermark follows the objects read by it; rates and splits are read whole.
            if (object === 'Account' || object === 'Opportunity') note(r);
            await onRecord(r, out);
          }
        },
        { all: queryAll },
      );
    } finally {
      await out.close();
    }
    if (out.rows > 0) paths.push(out.path);
  }

  const paths: string[] = [];
  const deleted = { deals: [] as string[], accounts: [] as string[] };
  let corporateCurrency: string | null = null;
  if (features.multicurrency) {
    await client.queryEach(
      'SELECT IsoCode FROM CurrencyType WHERE IsCorporate = true',
      (records) => {
        const code = records[0]?.IsoCode;
        if (typeof code === 'string') corporateCurrency = code;
      },
    );
    // Rates are reference data: always all of them (a few hundred rows), never by watermark.
    const rateFields = ['IsoCode', 'ConversionRate', 'StartDate'];
    await pull(
      'DatedConversionRate',
      'DatedConversionRate.csv',
      rateFields,
      '',
      async (r, out) => {
        await out.write(rateFields.map((f) => pick(r, f)));
      },
      false,
    );
  }

  const accountFields = features.multicurrency
    ? [...ACCOUNT_FIELDS, 'CurrencyIsoCode']
    : ACCOUNT_FIELDS;
  await pull('Account', 'Account.csv', accountFields, since, async (r, out) => {
    if (r.IsDeleted === true) {
      deleted.accounts.push(String(r.Id));
      return;
    }
    if (typeof r.OwnerId === 'string') people.add(r.OwnerId);
    await out.write(accountFields.map((f) => pick(r, f)));
  });

  const opportunityFields = features.multicurrency
    ? [...OPPORTUNITY_FIELDS, 'CurrencyIsoCode']
    : OPPORTUNITY_FIELDS;
  await pull('Opportunity', 'Opportunity.csv', opportunityFields, since, async (r, out) => {
    if (r.IsDeleted === true) {
      deleted.deals.push(String(r.Id));
      return;
    }
    if (typeof r.OwnerId === 'string') people.add(r.OwnerId);
    await out.write(opportunityFields.map((f) => pick(r, f)));
  });
  const changed = (fetched.Account ?? 0) + (fetched.Opportunity ?? 0);

  if (features.splits) {
    // Revenue splits add up to 100% of a deal; overlay splits do not and are not quota credit.
    // Always every one of them: a deal's splits are one set, which the import replaces whole.
    const splitFields = ['OpportunityId', 'SplitOwnerId', 'SplitPercentage'];
    await pull(
      'OpportunitySplit',
      'splits-OpportunitySplit.csv',
      [...splitFields, 'SystemModstamp'],
      " WHERE SplitType.DeveloperName = 'Revenue'",
      async (r, out) => {
        if (typeof r.SplitOwnerId === 'string') people.add(r.SplitOwnerId);
        // As a fraction: a 1% split must not read as 100%.
        const percent = typeof r.SplitPercentage === 'number' ? r.SplitPercentage / 100 : null;
        await out.write([r.OpportunityId, r.SplitOwnerId, percent]);
      },
      false,
      splitFields,
    );
  }

  // Users last: every user is read (a few thousand at most), the file keeps the people named above
  // and their managers, so that reporting lines are whole.
  const users = new Map<string, Record<string, unknown>>();
  fetched.User = await client.queryEach(`SELECT ${USER_FIELDS.join(', ')} FROM User`, (records) => {
    for (const r of records) users.set(String(r.Id), r);
  });
  let changedUsers = 0;
  if (options.since !== undefined) {
    const after = Date.parse(options.since.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    for (const [id, r] of users) {
      const stamp = typeof r.SystemModstamp === 'string' ? r.SystemModstamp : '';
      const at = Date.parse(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (options.knownPeople?.has(id) === true && at > after) {
        people.add(id);
        changedUsers++;
      }
    }
  }
  const keep = new Set<string>();
  for (const id of people) {
    let at: string | null = id;
    for (let depth = 0; at !== null && !keep.has(at) && depth < 50; depth++) {
      keep.add(at);
      const manager: unknown = users.get(at)?.ManagerId;
      at = typeof manager === 'string' ? manager : null;
    }
  }
  const userOut = new CsvOut(join(dir, 'User.csv'), USER_FIELDS);
  try {
    for (const [id, r] of users) {
      if (!keep.has(id)) continue;
      // Written users are stored up to their stamp too (the overlap covers a concurrent save).
      note(r);
      await userOut.write(USER_FIELDS.map((f) => pick(r, f)));
    }
  } finally {
    await userOut.close();
  }
  // The roster first, so deals find their owners among this pull's users.
  return {
    paths: userOut.rows > 0 ? [userOut.path, ...paths] : paths,
    fetched,
    watermark,
    corporateCurrency,
    deleted,
    changed: changed + changedUsers,
  };
}
