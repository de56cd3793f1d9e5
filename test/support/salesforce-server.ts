// A local stand-in for a Salesforce org, on 127.0.0.1 only: the documented REST routes and wire
// formats (OAuth 2.0 token endpoint, versions, SOQL query/queryAll with nextRecordsUrl paging,
// describe, limits, userinfo), state kept like the real service (records with 18-character ids,
// IsDeleted and SystemModstamp, query cursors, an API request limit), and faults injected on a
// seeded schedule (429 with Retry-After, 500/503, connection resets, stalls). It refuses what
// Salesforce refuses (unknown fields and objects, malformed SOQL, a missing or expired session, an
// unsupported API version, bad client credentials): it is faithful to the documentation, not to
// our client.

import { createPublicKey, createVerify, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type SalesforceObject =
  | 'User'
  | 'UserRole'
  | 'Account'
  | 'Opportunity'
  | 'OpportunitySplit'
  | 'OpportunitySplitType'
  | 'DatedConversionRate'
  | 'CurrencyType'
  | 'ForecastingType'
  | 'ForecastingQuota'
  | 'Territory2';

export type FieldType =
  | 'id'
  | 'reference'
  | 'string'
  | 'email'
  | 'boolean'
  | 'currency'
  | 'double'
  | 'percent'
  | 'int'
  | 'date'
  | 'datetime'
  | 'picklist';

export interface OrgFeatures {
  multicurrency: boolean;
  splits: boolean;
  forecasting: boolean;
  territories: boolean;
}

export type FaultKind = '429' | '500' | '503' | 'reset' | 'stall';

export interface FaultSchedule {
  /** Probability in [0, 1] that a data request (not the token endpoint) gets a fault. */
  rate: number;
  kinds: readonly FaultKind[];
  /** Seconds sent in Retry-After with 429 answers. */
  retryAfterSeconds?: number;
  /** How long a stalled request hangs before the socket is destroyed (ms). */
  stallMs?: number;
  /** Also inject faults into the token endpoint. */
  includeToken?: boolean;
}

export interface ConnectedApp {
  clientId: string;
  /** For the client-credentials flow. */
  clientSecret?: string;
  /** PEM public key (or certificate) for the JWT bearer flow. */
  publicKeyPem?: string;
  /** The run-as user of the client-credentials flow; JWT bearer names it in `sub`. */
  username: string;
}

export interface SalesforceServerOptions {
  seed?: number;
  features?: Partial<OrgFeatures>;
  apps?: ConnectedApp[];
  faults?: FaultSchedule;
  /** Daily API request allowance reported by /limits and enforced (REQUEST_LIMIT_EXCEEDED). */
  dailyApiRequests?: number;
  corporateCurrency?: string;
}

export interface FaultCounters {
  requests: number;
  faults: Record<FaultKind, number>;
  tokenRequests: number;
}

export interface SalesforceTestServer {
  url: string;
  features: OrgFeatures;
  counters: FaultCounters;
  /** Insert a record; returns its 18-character id. Sets CreatedDate and SystemModstamp. */
  insert(type: SalesforceObject, fields: Record<string, unknown>): string;
  update(type: SalesforceObject, id: string, fields: Record<string, unknown>): void;
  /** Moves a record to the recycle bin: IsDeleted true, seen by queryAll only. */
  remove(type: SalesforceObject, id: string): void;
  records(type: SalesforceObject, includeDeleted?: boolean): Record<string, unknown>[];
  /** A session for the access-token flow (as if copied from `sf org display`). */
  issueAccessToken(username: string): string;
  /** Every issued session stops working (INVALID_SESSION_ID), as after a logout or timeout. */
  expireSessions(): void;
  setFaults(faults: FaultSchedule | null): void;
  /** The server clock used for SystemModstamp; tests move it forward. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

/** API versions served, oldest first (Salesforce lists each with label and url). */
export const SERVED_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0'];
const VERSION_LABELS: Record<string, string> = {
  '58.0': "Summer '23",
  '59.0': "Winter '24",
  '60.0': "Spring '24",
  '61.0': "Summer '24",
  '62.0': "Winter '25",
};
/** SOQL over REST answers at most this many records a batch. */
export const QUERY_BATCH = 2000;
const ORG_ID = '00D5e000000TestAAA';

const KEY_PREFIX: Record<SalesforceObject, string> = {
  User: '005',
  UserRole: '00E',
  Account: '001',
  Opportunity: '006',
  OpportunitySplit: '149',
  OpportunitySplitType: '149',
  DatedConversionRate: '04w',
  CurrencyType: '02c',
  ForecastingType: '0Db',
  ForecastingQuota: '0J9',
  Territory2: '0MI',
};

type FieldSpec = readonly [name: string, type: FieldType, referenceTo?: SalesforceObject];

const COMMON: FieldSpec[] = [
  ['Id', 'id'],
  ['IsDeleted', 'boolean'],
  ['CreatedDate', 'datetime'],
  ['SystemModstamp', 'datetime'],
  ['LastModifiedDate', 'datetime'],
];

function objectFields(type: SalesforceObject, f: OrgFeatures): FieldSpec[] {
  const currency: FieldSpec[] = f.multicurrency ? [['CurrencyIsoCode', 'picklist']] : [];
  switch (type) {
    case 'User':
      return [
        ...COMMON.filter(([n]) => n !== 'IsDeleted'),
        ['Name', 'string'],
        ['Username', 'string'],
        ['Email', 'email'],
        ['IsActive', 'boolean'],
        ['ManagerId', 'reference', 'User'],
        ['UserRoleId', 'reference', 'UserRole'],
        ['ForecastEnabled', 'boolean'],
        ['Title', 'string'],
        ...(f.multicurrency ? ([['DefaultCurrencyIsoCode', 'picklist']] as FieldSpec[]) : []),
      ];
    case 'UserRole':
      return [
        ...COMMON.filter(([n]) => n !== 'IsDeleted'),
        ['Name', 'string'],
        ['ParentRoleId', 'reference', 'UserRole'],
      ];
    case 'Account':
      return [
        ...COMMON,
        ['Name', 'string'],
        ['OwnerId', 'reference', 'User'],
        ['Type', 'picklist'],
        ['Industry', 'picklist'],
        ['ParentId', 'reference', 'Account'],
        ['NumberOfEmployees', 'int'],
        ['AnnualRevenue', 'currency'],
        ...currency,
      ];
    case 'Opportunity':
      return [
        ...COMMON,
        ['Name', 'string'],
        ['AccountId', 'reference', 'Account'],
        ['OwnerId', 'reference', 'User'],
        ['Amount', 'currency'],
        ['CloseDate', 'date'],
        ['StageName', 'picklist'],
        ['IsClosed', 'boolean'],
        ['IsWon', 'boolean'],
        ['Probability', 'percent'],
        ['Type', 'picklist'],
        ['ForecastCategoryName', 'picklist'],
        ['FiscalYear', 'int'],
        ['FiscalQuarter', 'int'],
        ...currency,
        ...(f.territories ? ([['Territory2Id', 'reference', 'Territory2']] as FieldSpec[]) : []),
      ];
    case 'OpportunitySplit':
      return [
        ...COMMON,
        ['OpportunityId', 'reference', 'Opportunity'],
        ['SplitOwnerId', 'reference', 'User'],
        ['SplitPercentage', 'percent'],
        ['SplitAmount', 'currency'],
        ['SplitTypeId', 'reference', 'OpportunitySplitType'],
        ...currency,
      ];
    case 'OpportunitySplitType':
      return [
        ...COMMON,
        ['DeveloperName', 'string'],
        ['MasterLabel', 'string'],
        ['IsActive', 'boolean'],
      ];
    case 'DatedConversionRate':
      return [
        ...COMMON.filter(([n]) => n !== 'IsDeleted'),
        ['IsoCode', 'picklist'],
        ['ConversionRate', 'double'],
        ['StartDate', 'date'],
        ['NextStartDate', 'date'],
      ];
    case 'CurrencyType':
      return [
        ...COMMON.filter(([n]) => n !== 'IsDeleted'),
        ['IsoCode', 'picklist'],
        ['ConversionRate', 'double'],
        ['IsCorporate', 'boolean'],
        ['IsActive', 'boolean'],
      ];
    case 'ForecastingType':
      return [
        ...COMMON.filter(([n]) => n !== 'IsDeleted'),
        ['DeveloperName', 'string'],
        ['MasterLabel', 'string'],
        ['IsActive', 'boolean'],
        ['IsAmount', 'boolean'],
        ['IsQuantity', 'boolean'],
        ['CanDisplayQuotas', 'boolean'],
        ['RoleType', 'picklist'],
      ];
    case 'ForecastingQuota':
      return [
        ...COMMON.filter(([n]) => n !== 'IsDeleted'),
        ['QuotaOwnerId', 'reference', 'User'],
        ['ForecastingTypeId', 'reference', 'ForecastingType'],
        ['StartDate', 'date'],
        ['QuotaAmount', 'currency'],
        ['QuotaQuantity', 'double'],
        ['ProductFamily', 'picklist'],
        ...currency,
      ];
    case 'Territory2':
      return [
        ...COMMON.filter(([n]) => n !== 'IsDeleted'),
        ['Name', 'string'],
        ['ParentTerritory2Id', 'reference', 'Territory2'],
      ];
  }
}

/** Objects the org has: splits, multicurrency, forecasting and territories add their own. */
function objectsOf(f: OrgFeatures): SalesforceObject[] {
  const out: SalesforceObject[] = ['User', 'UserRole', 'Account', 'Opportunity'];
  if (f.splits) out.push('OpportunitySplit', 'OpportunitySplitType');
  if (f.multicurrency) out.push('DatedConversionRate', 'CurrencyType');
  if (f.forecasting) out.push('ForecastingType', 'ForecastingQuota');
  if (f.territories) out.push('Territory2');
  return out;
}

const ID_SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 18-character form of a 15-character id: three checksum characters of its capitals. */
export function salesforceId18(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(block * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += ID_SUFFIX_CHARS.charAt(bits);
  }
  return id15 + suffix;
}

/** A 15- or 18-character id whose checksum (if given) is right. */
export function isValidSalesforceId(id: string): boolean {
  if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) return false;
  return id.length === 15 || salesforceId18(id.slice(0, 15)) === id;
}

/** mulberry32: a small seeded generator, so a fault schedule replays exactly. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stored scalar as text, for comparisons. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/** Salesforce's datetime wire format: 2024-01-22T16:14:25.000+0000. */
function formatDatetime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

// ---------------------------------------------------------------------------------------------
// SOQL: the subset a CRM pull uses.

type Literal = string | number | boolean | null | { datetime: number } | { date: string };
interface Condition {
  field: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=';
  value: Literal;
}
interface SoqlQuery {
  fields: string[];
  object: string;
  where: Condition[];
  orderBy: { field: string; desc: boolean }[];
  limit: number | null;
}

export class SoqlError extends Error {
  readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE';
  constructor(errorCode: SoqlError['errorCode'], message: string) {
    super(message);
    this.errorCode = errorCode;
  }
}

const TOKEN =
  /\s*(\(|\)|,|!=|<=|>=|=|<|>|'(?:[^'\\]|\\.)*'|[A-Za-z_][A-Za-z0-9_.]*|[0-9][0-9T:.+\-Z]*)/y;

function tokenize(soql: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < soql.length) {
    if (/^\s*$/.test(soql.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(soql);
    if (m === null)
      throw new SoqlError(
        'MALFORMED_QUERY',
        `unexpected token: '${soql.slice(pos).trim().split(/\s/)[0] ?? ''}'`,
      );
    out.push(m[1] ?? '');
    pos = TOKEN.lastIndex;
  }
  return out;
}

function parseLiteral(token: string): Literal {
  if (token.startsWith("'")) return token.slice(1, -1).replace(/\\(.)/g, '$1');
  const lower = token.toLowerCase();
  if (lower === 'null') return null;
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(token)) return { date: token };
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/.test(token)) {
    const ms = Date.parse(token.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!Number.isNaN(ms)) return { datetime: ms };
  }
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${token}'`);
}

export function parseSoql(soql: string): SoqlQuery {
  const t = tokenize(soql);
  let i = 0;
  const peek = () => t[i];
  const keyword = (word: string) => peek()?.toUpperCase() === word;
  const expect = (word: string) => {
    if (!keyword(word))
      throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${peek() ?? '<EOF>'}'`);
    i++;
  };
  expect('SELECT');
  const fields: string[] = [];
  for (;;) {
    const f = t[i++];
    if (f === undefined || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(f)) {
      throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${f ?? '<EOF>'}'`);
    }
    fields.push(f);
    if (peek() !== ',') break;
    i++;
  }
  expect('FROM');
  const object = t[i++];
  if (object === undefined) throw new SoqlError('MALFORMED_QUERY', "unexpected token: '<EOF>'");
  const where: Condition[] = [];
  if (keyword('WHERE')) {
    i++;
    for (;;) {
      const field = t[i++];
      const op = t[i++];
      const value = t[i++];
      if (
        field === undefined ||
        op === undefined ||
        value === undefined ||
        !['=', '!=', '<', '<=', '>', '>='].includes(op)
      ) {
        throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${op ?? '<EOF>'}'`);
      }
      where.push({ field, op: op as Condition['op'], value: parseLiteral(value) });
      if (!keyword('AND')) break;
      i++;
    }
  }
  const orderBy: SoqlQuery['orderBy'] = [];
  if (keyword('ORDER')) {
    i++;
    expect('BY');
    for (;;) {
      const field = t[i++];
      if (field === undefined) throw new SoqlError('MALFORMED_QUERY', "unexpected token: '<EOF>'");
      let desc = false;
      if (keyword('ASC')) i++;
      else if (keyword('DESC')) {
        desc = true;
        i++;
      }
      orderBy.push({ field, desc });
      if (peek() !== ',') break;
      i++;
    }
  }
  let limit: number | null = null;
  if (keyword('LIMIT')) {
    i++;
    const n = Number(t[i++]);
    if (!Number.isInteger(n) || n < 0)
      throw new SoqlError('MALFORMED_QUERY', 'LIMIT must be a non-negative integer');
    limit = n;
  }
  if (i < t.length) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${t[i] ?? ''}'`);
  return { fields, object, where, orderBy, limit };
}

// ---------------------------------------------------------------------------------------------

interface Cursor {
  rows: Record<string, unknown>[];
  batch: number;
  version: string;
}

class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

function sfError(status: number, errorCode: string, message: string): HttpError {
  return new HttpError(status, [{ message, errorCode }]);
}

function base64urlJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Starts the server on 127.0.0.1 at a free port. */
export async function startSalesforceServer(
  options: SalesforceServerOptions = {},
): Promise<SalesforceTestServer> {
  const features: OrgFeatures = {
    multicurrency: false,
    splits: false,
    forecasting: false,
    territories: false,
    ...options.features,
  };
  const random = seeded(options.seed ?? 1);
  let faults: FaultSchedule | null = options.faults ?? null;
  const counters: FaultCounters = {
    requests: 0,
    tokenRequests: 0,
    faults: { '429': 0, '500': 0, '503': 0, reset: 0, stall: 0 },
  };
  const apps = options.apps ?? [];
  const publicKeys = new Map<string, KeyObject>();
  for (const app of apps) {
    if (app.publicKeyPem !== undefined)
      publicKeys.set(app.clientId, createPublicKey(app.publicKeyPem));
  }
  const dailyMax = options.dailyApiRequests ?? 100_000;
  let apiUsed = 0;
  let clock = Date.parse('2026-01-05T09:00:00.000Z');
  const tick = () => (clock += 1000);
  const store = new Map<SalesforceObject, Map<string, Record<string, unknown>>>();
  for (const type of Object.keys(KEY_PREFIX) as SalesforceObject[]) store.set(type, new Map());
  const counters15 = new Map<string, number>();
  const sessions = new Map<string, { userId: string }>();
  const cursors = new Map<string, Cursor>();
  let url = '';

  function newId(type: SalesforceObject): string {
    const prefix = KEY_PREFIX[type];
    const n = (counters15.get(prefix) ?? 0) + 1;
    counters15.set(prefix, n);
    // Mixed case in the body, so the checksum characters matter.
    const body = n.toString(36).padStart(7, '0');
    return salesforceId18(`${prefix}5e${body}Ab`.slice(0, 15).padEnd(15, 'Q'));
  }

  function table(type: SalesforceObject): Map<string, Record<string, unknown>> {
    const t = store.get(type);
    if (t === undefined) throw new Error(`no table ${type}`);
    return t;
  }

  function insert(type: SalesforceObject, fields: Record<string, unknown>): string {
    const id = newId(type);
    const now = tick();
    table(type).set(id, {
      IsDeleted: false,
      ...fields,
      Id: id,
      CreatedDate: fields.CreatedDate ?? formatDatetime(now),
      SystemModstamp: formatDatetime(now),
      LastModifiedDate: formatDatetime(now),
    });
    return id;
  }

  function findUserByUsername(username: string): string | null {
    for (const [id, u] of table('User')) if (u.Username === username) return id;
    return null;
  }

  function issueSession(userId: string): string {
    // Salesforce sessions look like '00D…!AQ…': the org id, an exclamation mark, an opaque part.
    const token = `${ORG_ID.slice(0, 15)}!${randomBytes(24).toString('base64url')}`;
    sessions.set(token, { userId });
    return token;
  }

  function fieldMap(type: SalesforceObject): Map<string, FieldSpec> {
    return new Map(objectFields(type, features).map((f) => [f[0].toLowerCase(), f] as const));
  }

  function resolveObject(name: string): SalesforceObject {
    const found = objectsOf(features).find((o) => o.toLowerCase() === name.toLowerCase());
    if (found === undefined) {
      throw new SoqlError(
        'INVALID_TYPE',
        `\n${name}\n^\nERROR at Row:1:Column:1\nsObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    return found;
  }

  /** A field path's value: 'Name', or one hop through a reference ('UserRole.Name', 'SplitType.DeveloperName'). */
  function readPath(
    type: SalesforceObject,
    record: Record<string, unknown>,
    path: string,
  ): unknown {
    const parts = path.split('.');
    if (parts.length === 1) {
      const spec = fieldMap(type).get(path.toLowerCase());
      if (spec === undefined) throw noColumn(type, path);
      return record[spec[0]] ?? null;
    }
    const [rel, field] = parts as [string, string];
    const refField = `${rel}Id`.toLowerCase();
    const spec = fieldMap(type).get(refField);
    if (spec?.[2] === undefined || parts.length !== 2) throw noColumn(type, path);
    const target = spec[2];
    const refId = record[spec[0]];
    if (typeof refId !== 'string') return null;
    const ref = table(target).get(refId);
    if (ref === undefined) return null;
    return readPath(target, ref, field);
  }

  function noColumn(type: SalesforceObject, field: string): SoqlError {
    return new SoqlError(
      'INVALID_FIELD',
      `\n${field}\n^\nERROR at Row:1:Column:8\nNo such column '${field}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }

  function compare(a: unknown, b: Literal): number | null {
    if (a === null || b === null) return a === b ? 0 : null;
    if (typeof b === 'object' && 'datetime' in b) {
      const ms =
        typeof a === 'string' ? Date.parse(a.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
      return Number.isNaN(ms) ? null : ms - b.datetime;
    }
    if (typeof b === 'object' && 'date' in b)
      return typeof a === 'string' ? a.localeCompare(b.date) : null;
    if (typeof b === 'number') return typeof a === 'number' ? a - b : null;
    if (typeof b === 'boolean') return a === b ? 0 : 1;
    return scalarText(a).localeCompare(b);
  }

  function runQuery(soql: string, all: boolean, version: string): Record<string, unknown>[] {
    const q = parseSoql(soql);
    const type = resolveObject(q.object);
    const fields = fieldMap(type);
    // Validate every field before reading a row (Salesforce refuses the query as a whole).
    const probe: Record<string, unknown> = {};
    for (const f of [
      ...q.fields,
      ...q.where.map((w) => w.field),
      ...q.orderBy.map((o) => o.field),
    ]) {
      if (!f.includes('.') && !fields.has(f.toLowerCase())) throw noColumn(type, f);
      if (f.includes('.')) readPath(type, probe, f);
    }
    let rows = [...table(type).values()].filter((r) => all || r.IsDeleted !== true);
    rows = rows.filter((r) =>
      q.where.every((w) => {
        const c = compare(readPath(type, r, w.field), w.value);
        if (c === null) return w.op === '!=';
        switch (w.op) {
          case '=':
            return c === 0;
          case '!=':
            return c !== 0;
          case '<':
            return c < 0;
          case '<=':
            return c <= 0;
          case '>':
            return c > 0;
          case '>=':
            return c >= 0;
        }
      }),
    );
    if (q.orderBy.length > 0) {
      rows.sort((a, b) => {
        for (const o of q.orderBy) {
          const x = readPath(type, a, o.field);
          const y = readPath(type, b, o.field);
          const c =
            x === y ? 0 : x === null ? -1 : y === null ? 1 : scalarText(x) < scalarText(y) ? -1 : 1;
          if (c !== 0) return o.desc ? -c : c;
        }
        return 0;
      });
    }
    if (q.limit !== null) rows = rows.slice(0, q.limit);
    return rows.map((r) => {
      const out: Record<string, unknown> = {
        attributes: { type, url: `/services/data/v${version}/sobjects/${type}/${String(r.Id)}` },
      };
      for (const f of q.fields) {
        if (f.includes('.')) {
          const [rel, field] = f.split('.') as [string, string];
          const value = readPath(type, r, f);
          const spec = fields.get(`${rel}Id`.toLowerCase());
          out[rel] =
            value === null ? null : { attributes: { type: spec?.[2] ?? rel }, [field]: value };
        } else {
          const spec = fields.get(f.toLowerCase());
          out[spec?.[0] ?? f] = r[spec?.[0] ?? f] ?? null;
        }
      }
      return out;
    });
  }

  /** One batch from `offset`: locators are positional, so a batch can be asked for again. */
  function page(cursorId: string, cursor: Cursor, offset: number): Record<string, unknown> {
    const slice = cursor.rows.slice(offset, offset + cursor.batch);
    const next = offset + slice.length;
    const done = next >= cursor.rows.length;
    return {
      totalSize: cursor.rows.length,
      done,
      ...(done
        ? {}
        : { nextRecordsUrl: `/services/data/v${cursor.version}/query/${cursorId}-${next}` }),
      records: slice,
    };
  }

  function describe(type: SalesforceObject, version: string): Record<string, unknown> {
    return {
      name: type,
      label: type,
      keyPrefix: KEY_PREFIX[type],
      queryable: true,
      createable: type === 'ForecastingQuota',
      updateable: type === 'ForecastingQuota',
      urls: { sobject: `/services/data/v${version}/sobjects/${type}` },
      fields: objectFields(type, features).map(([name, fieldType, ref]) => ({
        name,
        label: name,
        type: fieldType,
        referenceTo: ref === undefined ? [] : [ref],
        nillable: name !== 'Id',
      })),
    };
  }

  function authorize(req: IncomingMessage): string {
    const header = req.headers.authorization ?? '';
    const m = /^(Bearer|OAuth)\s+(.+)$/i.exec(header);
    const session = m?.[2] === undefined ? undefined : sessions.get(m[2]);
    if (session === undefined)
      throw sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    return session.userId;
  }

  function tokenGrant(params: URLSearchParams): Record<string, unknown> {
    const grant = params.get('grant_type');
    let userId: string | null;
    if (grant === 'client_credentials') {
      const app = apps.find((a) => a.clientId === params.get('client_id'));
      if (app?.clientSecret === undefined || app.clientSecret !== params.get('client_secret')) {
        throw new HttpError(400, {
          error: 'invalid_client',
          error_description: 'invalid client credentials',
        });
      }
      userId = findUserByUsername(app.username);
    } else if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      const assertion = params.get('assertion') ?? '';
      const [h, c, s] = assertion.split('.');
      const header = h === undefined ? null : base64urlJson(h);
      const claims = c === undefined ? null : base64urlJson(c);
      if (header === null || claims === null || s === undefined || header.alg !== 'RS256') {
        throw new HttpError(400, {
          error: 'invalid_grant',
          error_description: 'invalid assertion',
        });
      }
      const key = publicKeys.get(String(claims.iss));
      if (key === undefined) {
        throw new HttpError(400, {
          error: 'invalid_client_id',
          error_description: 'client identifier invalid',
        });
      }
      const ok = createVerify('RSA-SHA256')
        .update(`${h}.${c}`)
        .verify(key, Buffer.from(s, 'base64url'));
      if (!ok)
        throw new HttpError(400, {
          error: 'invalid_grant',
          error_description: 'invalid assertion',
        });
      // The audience is the login server (login.salesforce.com, test.salesforce.com, or here).
      const aud = String(claims.aud);
      if (![url, 'https://login.salesforce.com', 'https://test.salesforce.com'].includes(aud)) {
        throw new HttpError(400, {
          error: 'invalid_grant',
          error_description: 'audience is invalid',
        });
      }
      if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) {
        throw new HttpError(400, {
          error: 'invalid_grant',
          error_description: 'expired authorization code',
        });
      }
      userId = findUserByUsername(String(claims.sub));
      if (userId === null) {
        throw new HttpError(400, {
          error: 'invalid_grant',
          error_description: "user hasn't approved this consumer",
        });
      }
    } else {
      throw new HttpError(400, {
        error: 'unsupported_grant_type',
        error_description: 'grant type not supported',
      });
    }
    if (userId === null) {
      throw new HttpError(400, {
        error: 'invalid_grant',
        error_description: 'authentication failure',
      });
    }
    return {
      access_token: issueSession(userId),
      instance_url: url,
      id: `${url}/id/${ORG_ID}/${userId}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      scope: 'api',
    };
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function route(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const u = new URL(req.url ?? '/', url);
    const path = u.pathname.replace(/\/+$/, '') || '/';
    if (path === '/services/oauth2/token') {
      if (req.method !== 'POST')
        throw new HttpError(405, {
          error: 'invalid_request',
          error_description: 'must use HTTP POST',
        });
      counters.tokenRequests++;
      const params = new URLSearchParams(await readBody(req));
      return { status: 200, body: tokenGrant(params) };
    }
    if (path === '/services/oauth2/userinfo') {
      const userId = authorize(req);
      const user = table('User').get(userId) ?? {};
      return {
        status: 200,
        body: {
          sub: `${url}/id/${ORG_ID}/${userId}`,
          user_id: userId,
          organization_id: ORG_ID,
          preferred_username: user.Username,
          name: user.Name,
          email: user.Email,
          active: user.IsActive,
        },
      };
    }
    if (path === '/services/data') {
      return {
        status: 200,
        body: SERVED_VERSIONS.map((v) => ({
          label: VERSION_LABELS[v],
          url: `/services/data/v${v}`,
          version: v,
        })),
      };
    }
    const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(path);
    if (m === null) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const version = m[1] ?? '';
    if (!SERVED_VERSIONS.includes(version))
      throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const userId = authorize(req);
    apiUsed++;
    if (apiUsed > dailyMax) {
      throw sfError(403, 'REQUEST_LIMIT_EXCEEDED', `TotalRequests Limit exceeded.`);
    }
    const rest = m[2] ?? '/';
    const v = `/services/data/v${version}`;
    if (rest === '/') {
      return {
        status: 200,
        body: {
          limits: `${v}/limits`,
          query: `${v}/query`,
          queryAll: `${v}/queryAll`,
          sobjects: `${v}/sobjects`,
          composite: `${v}/composite`,
        },
      };
    }
    if (rest === '/limits') {
      return {
        status: 200,
        body: {
          DailyApiRequests: { Max: dailyMax, Remaining: Math.max(0, dailyMax - apiUsed) },
          DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
          DataStorageMB: { Max: 5, Remaining: 5 },
        },
      };
    }
    if (rest === '/query' || rest === '/queryAll') {
      const q = u.searchParams.get('q');
      if (q === null || q.trim() === '')
        throw sfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      let rows: Record<string, unknown>[];
      try {
        rows = runQuery(q, rest === '/queryAll', version);
      } catch (error) {
        if (error instanceof SoqlError) throw sfError(400, error.errorCode, error.message);
        throw error;
      }
      const options = req.headers['sforce-query-options'];
      const bs = typeof options === 'string' ? /batchSize=(\d+)/.exec(options)?.[1] : undefined;
      const batch =
        bs === undefined ? QUERY_BATCH : Math.min(QUERY_BATCH, Math.max(200, Number(bs)));
      const cursorId = `01g5e${randomBytes(6).toString('hex')}`;
      const cursor: Cursor = { rows, batch, version };
      cursors.set(cursorId, cursor);
      return { status: 200, body: page(cursorId, cursor, 0) };
    }
    const more = /^\/(query|queryAll)\/([A-Za-z0-9]+)-(\d+)$/.exec(rest);
    if (more !== null) {
      const cursor = cursors.get(more[2] ?? '');
      const offset = Number(more[3]);
      if (cursor === undefined || offset % cursor.batch !== 0 || offset >= cursor.rows.length) {
        throw sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      }
      return { status: 200, body: page(more[2] ?? '', cursor, offset) };
    }
    if (rest === '/sobjects') {
      return {
        status: 200,
        body: {
          encoding: 'UTF-8',
          maxBatchSize: 200,
          sobjects: objectsOf(features).map((o) => ({
            name: o,
            label: o,
            keyPrefix: KEY_PREFIX[o],
            queryable: true,
          })),
        },
      };
    }
    const desc = /^\/sobjects\/([A-Za-z0-9_]+)\/describe$/.exec(rest);
    if (desc !== null) {
      const name = desc[1] ?? '';
      const type = objectsOf(features).find((o) => o.toLowerCase() === name.toLowerCase());
      if (type === undefined)
        throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
      return { status: 200, body: describe(type, version) };
    }
    const rec = /^\/sobjects\/([A-Za-z0-9_]+)\/([A-Za-z0-9]+)$/.exec(rest);
    if (rec !== null && req.method === 'GET') {
      const type = objectsOf(features).find((o) => o === rec[1]);
      if (type === undefined)
        throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
      const id = rec[2] ?? '';
      if (!isValidSalesforceId(id))
        throw sfError(
          404,
          'NOT_FOUND',
          `Provided external ID field does not exist or is not accessible: ${id}`,
        );
      const r = table(type).get(id.length === 15 ? salesforceId18(id) : id);
      if (r === undefined || r.IsDeleted === true)
        throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
      return {
        status: 200,
        body: { attributes: { type, url: `${v}/sobjects/${type}/${String(r.Id)}` }, ...r },
      };
    }
    if (rest === '/chatter/users/me') {
      const user = table('User').get(userId) ?? {};
      return {
        status: 200,
        body: { id: userId, name: user.Name, email: user.Email, username: user.Username },
      };
    }
    throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res: ServerResponse) => {
    const isToken = (req.url ?? '').startsWith('/services/oauth2/token');
    counters.requests++;
    if (
      faults !== null &&
      (!isToken || faults.includeToken === true) &&
      faults.kinds.length > 0 &&
      random() < faults.rate
    ) {
      const kind = faults.kinds[Math.floor(random() * faults.kinds.length)] ?? '500';
      counters.faults[kind]++;
      req.resume();
      if (kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (kind === 'stall') {
        setTimeout(() => req.socket.destroy(), faults.stallMs ?? 5_000).unref();
        return;
      }
      if (kind === '429') {
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(faults.retryAfterSeconds ?? 1),
        });
        res.end(
          JSON.stringify([{ message: 'Too many requests', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]),
        );
        return;
      }
      res.writeHead(Number(kind), { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          kind === '503'
            ? [{ message: 'Server temporarily unavailable', errorCode: 'SERVER_UNAVAILABLE' }]
            : [
                {
                  message:
                    'An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678 (-1)',
                  errorCode: 'UNKNOWN_EXCEPTION',
                },
              ],
        ),
      );
      return;
    }
    route(req)
      .then(({ status, body }) => {
        res.writeHead(status, {
          'content-type': 'application/json;charset=UTF-8',
          'sforce-limit-info': `api-usage=${apiUsed}/${dailyMax}`,
        });
        res.end(JSON.stringify(body));
      })
      .catch((error: unknown) => {
        if (error instanceof HttpError) {
          res.writeHead(error.status, { 'content-type': 'application/json;charset=UTF-8' });
          res.end(JSON.stringify(error.body));
          return;
        }
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify([{ message: String(error), errorCode: 'UNKNOWN_EXCEPTION' }]));
      });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    features,
    counters,
    insert,
    update(type, id, fields) {
      const r = table(type).get(id);
      if (r === undefined) throw new Error(`no ${type} ${id}`);
      const now = tick();
      Object.assign(r, fields, {
        SystemModstamp: formatDatetime(now),
        LastModifiedDate: formatDatetime(now),
      });
    },
    remove(type, id) {
      const r = table(type).get(id);
      if (r === undefined) throw new Error(`no ${type} ${id}`);
      const now = tick();
      Object.assign(r, { IsDeleted: true, SystemModstamp: formatDatetime(now) });
    },
    records(type, includeDeleted = false) {
      return [...table(type).values()].filter((r) => includeDeleted || r.IsDeleted !== true);
    },
    issueAccessToken(username) {
      const id = findUserByUsername(username);
      if (id === null) throw new Error(`no user ${username}`);
      return issueSession(id);
    },
    expireSessions() {
      sessions.clear();
    },
    setFaults(next) {
      faults = next;
    },
    advanceClock(ms) {
      clock += ms;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
