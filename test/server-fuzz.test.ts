// API fuzzing (issue 13): a few hundred malformed requests, seeded, over every route of the app,
// each sent as a role that may call the route so it reaches validation. Each route has a valid
// request; each case breaks one part of it: a path parameter, a query parameter, a field of the
// body (long, NUL, unicode, huge, negative, fractional, wrong type, nested deep), an extra or
// reserved key (`__proto__`), the body as a whole (not JSON, another content type), or for the
// upload its file names, fields and mapping document. Every answer must be below 500 and carry no
// stack trace; every refusal must be a problem document (better-auth's routes answer their own
// JSON), every 422 must list issues naming the field it broke, and a refused request must leave
// the database as it was. The cases tried per route are printed. Another seed:
// QUOTAPLAN_FUZZ_SEED=123 npx vitest run test/server-fuzz.test.ts

import { beforeAll, expect, it } from 'vitest';
import { createRng } from '../src/core/random.ts';
import type { Rng } from '../src/core/random.ts';
import { describeEachDatabase } from './support/databases.ts';
import { databaseState } from './support/db-state.ts';
import type { DatabaseState } from './support/db-state.ts';
import { ORIGIN, publishedPlan, serverFixture } from './support/server.ts';
import type { Persona, ServerFixture } from './support/server.ts';

const SEED = Number(process.env.QUOTAPLAN_FUZZ_SEED ?? 13_2026);
const PASSWORD = 'correct horse battery staple';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A number JSON.stringify cannot write (1e400 parses as Infinity), spliced into the text. */
const raw = (token: string): string => `\u0001raw:${token}\u0001`;
const RAW = /"\\u0001raw:([^\\]*)\\u0001"/g;

function jsonText(value: unknown): string {
  return JSON.stringify(value).replace(RAW, '$1');
}

function nested(depth: number): Json {
  let value: Json = 'deep';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { d: value };
  return value;
}

const HOSTILE_TEXT = [
  '',
  ' ',
  'x'.repeat(300),
  'x'.repeat(70_000),
  '\u0000',
  'a\u0000b',
  '%00',
  '../../etc/passwd',
  '..',
  '__proto__',
  'constructor',
  "'; drop table plans; --",
  '<script>alert(1)</script>',
  '=HYPERLINK("http://x","y")',
  '\ud800',
  '🚀💥',
  'Zoë Ünïcødé 東京',
  '\u202eevil',
  '\t\r\n',
  'null',
  '-1',
  '1.5',
  '2147483648',
  '1e308',
  '9'.repeat(40),
];

const HOSTILE_VALUES: Json[] = [
  ...HOSTILE_TEXT,
  -1,
  0,
  1.5,
  2 ** 31,
  2 ** 53,
  1e308,
  -1e308,
  raw('1e400'),
  raw('-1e400'),
  true,
  false,
  null,
  [],
  {},
  [1, 2, 3],
  { a: 1 },
  nested(50),
  JSON.parse('{"__proto__":{"polluted":true}}') as Json,
];

const PARAM_VALUES = [...HOSTILE_TEXT.filter((t) => t !== ''), '0', '-1', '99999', 'abc'];

const EXTRA_KEYS = ['zzz', '__proto__', 'constructor', 'prototype', 'a\u0000b'];

const WHOLE_BODIES: { body: string; type: string | null }[] = [
  { body: 'not json', type: 'application/json' },
  { body: '{"unterminated": ', type: 'application/json' },
  { body: '', type: 'application/json' },
  { body: 'null', type: 'application/json' },
  { body: '[]', type: 'application/json' },
  { body: '"text"', type: 'application/json' },
  { body: '1e400', type: 'application/json' },
  { body: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, type: 'application/json' },
  { body: `{"x":"${'y'.repeat(9 * 1024 * 1024)}"}`, type: 'application/json' },
  { body: '{}', type: 'text/plain' },
  { body: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
  { body: '--x\r\n', type: 'multipart/form-data; boundary=x' },
  { body: '<xml/>', type: 'application/xml' },
  { body: '{}', type: null },
  { body: '{}', type: 'application/json; charset=utf-16' },
];

/** A route's valid request; the fuzzer breaks one part of it per case. */
interface RouteSpec {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With {placeholders} filled from `params`. */
  path: string;
  params: Record<string, string>;
  query?: Record<string, string>;
  body?: () => Json;
  /** A multipart upload (the import route). */
  upload?: boolean;
  persona: Persona | null;
  /**
   * Cases tried. Routes whose valid request renders or re-runs a plan (documents, scenarios,
   * the sign-off checklist, drafting) get a few: every case that passes validation costs a run.
   */
  cases: number;
  /** Names a 422 may use besides the broken field (e.g. plan keys behind an edit's value). */
  aliases?: string[];
  /** better-auth's own route: its refusals are its JSON, not our problem documents. */
  auth?: boolean;
}

interface Case {
  description: string;
  path: string;
  init: RequestInit;
  /** What a 422 must name (any of them). */
  names: string[];
}

const choose = <T>(rng: Rng, list: readonly T[]): T => {
  const item = list[rng.int(list.length)];
  if (item === undefined) throw new Error('empty list');
  return item;
};

/** Percent-encoding; a lone surrogate (no UTF-8 for it) becomes the bytes of one anyway. */
function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return Array.from(value, (ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return '%ED%A0%80';
      }
    }).join('');
  }
}

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, key: string) => encode(params[key] ?? ''));
}

function withQuery(path: string, query: [string, string][]): string {
  if (query.length === 0) return path;
  return `${path}?${query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}`;
}

/** Every node of a JSON value below the root, as paths. */
function nodePaths(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...path, key], ...nodePaths(child, [...path, key])]);
}

function setAt(root: Json, path: (string | number)[], value: Json | undefined): Json {
  const copy = JSON.parse(JSON.stringify(root)) as Json;
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (last === undefined) return copy;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else Reflect.deleteProperty(node, last);
  } else {
    // An own property even for `__proto__` (an assignment would set the prototype).
    Object.defineProperty(node, last, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function objectPaths(value: Json, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const inner = nodePaths(value, path).filter((p) => {
    let node: Json = value;
    for (const key of p.slice(path.length))
      node = (node as Record<string | number, Json>)[key] as Json;
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
  return Array.isArray(value) ? inner : [path, ...inner];
}

function jsonRequest(method: string, body: string, type: string | null): RequestInit {
  return { method, body, headers: type === null ? {} : { 'content-type': type } };
}

/** One broken request of a JSON route. */
function jsonCase(rng: Rng, route: RouteSpec): Case {
  const params = { ...route.params };
  const query = Object.entries(route.query ?? {});
  const body = route.body?.();
  const kinds = [
    'param',
    ...(route.method === 'GET' || route.query !== undefined ? ['query', 'query'] : []),
    ...(body !== undefined ? ['field', 'field', 'field', 'missing', 'extra', 'whole'] : []),
  ];
  const kind = choose(rng, kinds);
  const keys = Object.keys(params);
  const request = (
    description: string,
    names: string[],
    path = fill(route.path, params),
    q = query,
    init: RequestInit = body === undefined
      ? { method: route.method }
      : jsonRequest(route.method, jsonText(body), 'application/json'),
  ): Case => ({ description, path: withQuery(path, q), init, names });

  if (kind === 'param' && keys.length > 0) {
    const key = choose(rng, keys);
    params[key] = choose(rng, PARAM_VALUES);
    return request(`path ${key}=${JSON.stringify(params[key]).slice(0, 40)}`, [key, 'path']);
  }
  if (kind === 'query' || (kind === 'param' && body === undefined)) {
    const mode = query.length === 0 ? 'add' : choose(rng, ['replace', 'add', 'duplicate', 'key']);
    const q: [string, string][] = query.map(([k, v]) => [k, v]);
    let key: string;
    if (mode === 'replace' || mode === 'duplicate') {
      const index = rng.int(q.length);
      key = q[index]?.[0] ?? 'zzz';
      const value = choose(rng, HOSTILE_TEXT);
      if (mode === 'replace') q[index] = [key, value];
      else q.push([key, value]);
    } else if (mode === 'key') {
      key = choose(rng, ['__proto__', 'a\u0000', 'x'.repeat(300)]);
      q.push([key, '1']);
    } else {
      key = choose(rng, ['zzz', ...query.map(([k]) => k)]);
      q.push([key, choose(rng, HOSTILE_TEXT)]);
    }
    return request(
      `query ${mode} ${JSON.stringify(key).slice(0, 30)}`,
      [key, 'query'],
      undefined,
      q,
    );
  }
  if (body === undefined) return request('unchanged', []);
  if (kind === 'field' || kind === 'missing') {
    const paths = nodePaths(body);
    const path = choose(rng, paths.length > 0 ? paths : [['zzz']]);
    const value = kind === 'missing' ? undefined : choose(rng, HOSTILE_VALUES);
    const broken = setAt(body, path, value);
    const names = [
      ...path.filter((p): p is string => typeof p === 'string'),
      ...(typeof value === 'string' && value !== '' ? [value.slice(0, 50)] : []),
      ...(route.aliases ?? []),
    ];
    const shown = value === undefined ? 'removed' : jsonText(value).slice(0, 40);
    return request(
      `body ${path.join('.')} = ${shown}`,
      names,
      undefined,
      undefined,
      jsonRequest(route.method, jsonText(broken), 'application/json'),
    );
  }
  if (kind === 'extra') {
    const at = choose(rng, objectPaths(body));
    const key = choose(rng, EXTRA_KEYS);
    const text = jsonText(body);
    // Spliced into the text: an object literal cannot hold an own `__proto__` key.
    const target = at.length === 0 ? body : setAt(body, [...at, key], 1);
    const broken =
      at.length === 0
        ? `{${JSON.stringify(key)}:1${text === '{}' ? '' : ','}${text.slice(1)}`
        : jsonText(target);
    return request(
      `extra key ${JSON.stringify(key)} at ${at.join('.') || 'top'}`,
      [key, 'body', ...(route.aliases ?? [])],
      undefined,
      undefined,
      jsonRequest(route.method, broken, 'application/json'),
    );
  }
  const whole = choose(rng, WHOLE_BODIES);
  return request(
    `whole body ${JSON.stringify(whole.body.slice(0, 20))} as ${whole.type ?? 'no type'}`,
    [
      'body',
      ...nodePaths(body).flatMap((p) => p.filter((k): k is string => typeof k === 'string')),
    ],
    undefined,
    undefined,
    jsonRequest(route.method, whole.body, whole.type),
  );
}

/** A YAML document whose aliases expand into 9¹⁰ strings. */
const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...Array.from({ length: 10 }, (_, i) => {
    const name = String.fromCharCode(98 + i);
    return `${name}: &${name} [${new Array<string>(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`;
  }),
].join('\n');

const MAPPINGS = [
  ALIAS_BOMB,
  'files:\n  - match: "*.csv"\n    columns:\n      __proto__: x\n',
  '{"files":[{"match":"*.csv","constants":{"constructor":"x"}}]}',
  'files:\n  - match: "a\\0.csv"\n',
  '['.repeat(5000),
  `# ${'x'.repeat(300_000)}`,
  'files: 3',
  'preset: nope',
  '\u0000',
  'files:\n  - match: "*.csv"\n    entity: deals\n    columns:\n      amount: 1e400\n',
];

const UPLOAD_NAMES = [
  '.',
  '..',
  `${'n'.repeat(300)}.csv`,
  'a\u0000b.csv',
  '../../evil.csv',
  'C:\\temp\\x.csv',
  '',
  '\u202ecsv.exe',
  '🚀.csv',
  'a\nb.csv',
];

/** One broken upload (multipart) request. */
function uploadCase(rng: Rng): Case {
  const files: { name: string; content: string | Uint8Array }[] = [
    { name: 'deals.csv', content: 'id,amount\n1,10\n' },
  ];
  const fields: [string, string][] = [['dryRun', 'true']];
  let names = ['files'];
  let description: string;
  const kind = choose(rng, ['name', 'name', 'field', 'mapping', 'mapping', 'content', 'shape']);
  if (kind === 'name') {
    const name = choose(rng, UPLOAD_NAMES);
    if (files[0] !== undefined) files[0].name = name;
    description = `file name ${JSON.stringify(name).slice(0, 40)}`;
  } else if (kind === 'field') {
    const field = choose(rng, ['preset', 'dateFormat', 'asOf', 'dryRun', 'zzz']);
    fields.push([field, choose(rng, HOSTILE_TEXT)]);
    names = [field, 'files'];
    description = `field ${field}`;
  } else if (kind === 'mapping') {
    const mapping = choose(rng, MAPPINGS);
    fields.push(['mapping', mapping]);
    if (rng.next() < 0.3) fields.push(['mapping', mapping]);
    names = ['mapping'];
    description = `mapping ${JSON.stringify(mapping.slice(0, 30))}`;
  } else if (kind === 'content') {
    const content = choose<string | Uint8Array>(rng, [
      '',
      '\u0000\u0000\u0000',
      new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80]),
      `id,amount\n${'x'.repeat(100_000)},1\n`,
      'PK\u0003\u0004not really a workbook',
    ]);
    if (files[0] !== undefined) files[0].content = content;
    description = 'file content';
  } else {
    const shape = choose(rng, ['no files', 'files as text', 'two files one name', 'not a dry run']);
    if (shape === 'no files') files.length = 0;
    if (shape === 'files as text') {
      files.length = 0;
      fields.push(['files', 'not a file']);
    }
    if (shape === 'two files one name') files.push({ name: 'deals.csv', content: 'x\n1\n' });
    if (shape === 'not a dry run') fields.shift();
    description = shape;
  }
  const form = new FormData();
  for (const file of files) {
    const bytes = typeof file.content === 'string' ? file.content : new Uint8Array(file.content);
    form.append('files', new Blob([bytes]), file.name);
  }
  for (const [key, value] of fields) form.append(key, value);
  return {
    description,
    path: '/api/workspaces/default/imports',
    init: { method: 'POST', body: form },
    names: [...names, 'import', 'file'],
  };
}

describeEachDatabase('API fuzzing: malformed requests on every route', (getDb) => {
  let s: ServerFixture;
  let routes: RouteSpec[] = [];

  beforeAll(async () => {
    s = await serverFixture(getDb());
    const { planId: published, version } = await publishedPlan(s);
    const ws = '/api/workspaces/default';
    const created = (await (
      await s.call('admin', 'POST', `${ws}/plans`, { name: 'Fuzzed draft', asOf: '2017-12-31' })
    ).json()) as { planId: number };
    const draft = { planId: String(created.planId), latest: 0 };
    const { peerRep, manager } = s.personas;
    const peer = peerRep.repId ?? '';
    const pending = (await (
      await s.call('manager', 'POST', `${ws}/plans/${published}/adjustments`, {
        repId: peer,
        kind: 'other',
        effective: '2018-06-01',
        reason: 'fuzzing set-up',
        newMonthly: new Array<number>(12).fill(100_000),
      })
    ).json()) as { id: number };
    const members = (await (await s.call('admin', 'GET', `${ws}/members`)).json()) as {
      userId: string;
      email: string;
    }[];
    const peerUserId = members.find((m) => m.email === peerRep.email)?.userId ?? '';
    const removable = (await (
      await s.call('admin', 'POST', `${ws}/members`, {
        email: 'fuzz.removable@example.com',
        name: 'Removable',
        password: PASSWORD,
        role: 'admin',
      })
    ).json()) as { userId: string };
    const pub = { ws: 'default', planId: String(published) };
    const pubVersion = { ...pub, version: String(version) };
    const draftVersion = { ws: 'default', planId: draft.planId, version: '0' };
    const edits = () => [{ path: ['methodology', 'growth'], value: 0.05 }];
    const planKeys = ['methodology', 'growth', 'edit'];
    const W = '/api/workspaces/{ws}';
    const P = `${W}/plans/{planId}`;
    const V = `${P}/versions/{version}`;
    routes = [
      { name: 'me', method: 'GET', path: '/api/me', params: {}, persona: 'rep', cases: 4 },
      {
        name: 'auth config',
        method: 'GET',
        path: '/api/auth-config',
        params: {},
        persona: null,
        cases: 3,
      },
      {
        name: 'openapi',
        method: 'GET',
        path: '/api/openapi.json',
        params: {},
        persona: null,
        cases: 2,
      },
      {
        name: 'unknown route',
        method: 'GET',
        path: '/api/{x}',
        params: { x: 'nowhere' },
        persona: 'admin',
        cases: 4,
      },
      {
        name: 'sign in',
        method: 'POST',
        path: '/api/auth/sign-in/email',
        params: {},
        body: () => ({ email: 'rep@example.com', password: PASSWORD }),
        persona: null,
        cases: 10,
        auth: true,
      },
      {
        name: 'session',
        method: 'GET',
        path: '/api/auth/get-session',
        params: {},
        persona: 'rep',
        cases: 4,
        auth: true,
      },
      {
        name: 'workspace',
        method: 'GET',
        path: W,
        params: { ws: 'default' },
        persona: 'rep',
        cases: 6,
      },
      {
        name: 'list plans',
        method: 'GET',
        path: `${W}/plans`,
        params: { ws: 'default' },
        persona: 'cro',
        cases: 5,
      },
      {
        name: 'draft a plan',
        method: 'POST',
        path: `${W}/plans`,
        params: { ws: 'default' },
        body: () => ({ name: 'Fuzzed', asOf: '2017-12-31' }),
        persona: 'admin',
        cases: 8,
      },
      { name: 'plan', method: 'GET', path: P, params: pub, persona: 'finance', cases: 5 },
      { name: 'version', method: 'GET', path: V, params: pubVersion, persona: 'cro', cases: 6 },
      // Deliverables before the definitions change: the package is rendered once.
      {
        name: 'workbook',
        method: 'GET',
        path: `${V}/workbook`,
        params: pubVersion,
        query: { scenarios: 'false' },
        persona: 'admin',
        cases: 3,
      },
      {
        name: 'documents',
        method: 'GET',
        path: `${V}/documents`,
        params: pubVersion,
        query: { format: 'md' },
        persona: 'admin',
        cases: 2,
      },
      {
        name: 'one document',
        method: 'GET',
        path: `${V}/documents/file`,
        params: pubVersion,
        query: { format: 'md', path: 'definitions.md' },
        persona: 'admin',
        cases: 6,
      },
      {
        name: 'quota letter',
        method: 'GET',
        path: `${P}/quota-letter`,
        params: pub,
        query: { rep: peer, format: 'html' },
        persona: 'manager',
        cases: 6,
      },
      {
        name: 'save a version',
        method: 'POST',
        path: `${P}/versions`,
        params: { ws: 'default', planId: draft.planId },
        body: () => ({ baseVersion: draft.latest, note: 'fuzzed edit', edits: edits() }),
        persona: 'admin',
        cases: 20,
        aliases: planKeys,
      },
      {
        name: 'confirm assumptions',
        method: 'POST',
        path: `${P}/versions/{version}/assumptions`,
        params: { ws: 'default', planId: draft.planId, version: String(draft.latest) },
        body: () => ({ key: 'target', value: 'x', status: 'CONFIRMED' }),
        persona: 'cro',
        cases: 14,
      },
      {
        name: 'assumption register',
        method: 'GET',
        path: `${V}/assumptions`,
        params: pubVersion,
        persona: 'finance',
        cases: 4,
      },
      {
        name: 'assumption history',
        method: 'GET',
        path: `${P}/assumptions/history`,
        params: pub,
        persona: 'admin',
        cases: 4,
      },
      {
        name: 'diff',
        method: 'GET',
        path: `${P}/diff`,
        params: pub,
        query: { from: '0', to: String(version) },
        persona: 'vpSales',
        cases: 10,
      },
      {
        name: 'definitions',
        method: 'GET',
        path: `${W}/definitions`,
        params: { ws: 'default' },
        persona: 'admin',
        cases: 4,
      },
      {
        name: 'reword a definition',
        method: 'PUT',
        path: `${W}/definitions/{key}`,
        params: { ws: 'default', key: 'bookings' },
        body: () => ({ term: 'Bookings', definition: 'Won deals, fuzzed.', reason: 'fuzzing' }),
        persona: 'admin',
        cases: 14,
      },
      {
        name: 'approve a definition',
        method: 'POST',
        path: `${W}/definitions/{key}/approvals`,
        params: { ws: 'default', key: 'bookings' },
        persona: 'cro',
        cases: 5,
      },
      {
        name: 'sign-off status',
        method: 'GET',
        path: `${V}/signoff`,
        params: draftVersion,
        persona: 'cro',
        cases: 2,
      },
      {
        name: 'back-test override',
        method: 'POST',
        path: `${V}/backtest-override`,
        params: pubVersion,
        body: () => ({ reason: 'a long enough reason' }),
        persona: 'cro',
        cases: 10,
      },
      {
        name: 'approve quotas',
        method: 'POST',
        path: `${V}/quota-approvals`,
        params: pubVersion,
        body: () => ({ note: 'fuzzed' }),
        persona: 'vpSales',
        cases: 10,
      },
      {
        name: 'sign off',
        method: 'POST',
        path: `${V}/signoff`,
        params: draftVersion,
        persona: 'cro',
        cases: 4,
      },
      {
        name: 'publish',
        method: 'POST',
        path: `${V}/publish`,
        params: draftVersion,
        persona: 'admin',
        cases: 4,
      },
      {
        name: 'explanation',
        method: 'GET',
        path: `${V}/explanation`,
        params: pubVersion,
        query: { rep: peer },
        persona: 'cro',
        cases: 6,
      },
      {
        name: 'back-test',
        method: 'GET',
        path: `${V}/backtest`,
        params: pubVersion,
        persona: 'cro',
        cases: 4,
      },
      {
        name: 'scenarios',
        method: 'GET',
        path: `${V}/scenarios`,
        params: pubVersion,
        query: { trials: '20' },
        persona: 'cro',
        cases: 3,
      },
      {
        name: 'custom scenario',
        method: 'POST',
        path: `${V}/scenarios/custom`,
        params: pubVersion,
        body: () => ({
          growth: 0.1,
          topDownShare: 0.5,
          overAssignment: 0.05,
          levers: { winRatePoints: -0.05, dealSizeMultiplier: 1.1, attrition: 0.2, extraHires: 1 },
          trials: 20,
        }),
        persona: 'cro',
        cases: 8,
      },
      {
        name: 'preview',
        method: 'POST',
        path: `${V}/preview`,
        params: draftVersion,
        body: () => ({ edits: edits() }),
        persona: 'admin',
        cases: 16,
        aliases: planKeys,
      },
      {
        name: 'quotas',
        method: 'GET',
        path: `${P}/quotas`,
        params: pub,
        persona: 'manager',
        cases: 5,
      },
      {
        name: 'a quota',
        method: 'GET',
        path: `${P}/quotas/{repId}`,
        params: { ...pub, repId: peer },
        persona: 'manager',
        cases: 6,
      },
      {
        name: 'attainment',
        method: 'GET',
        path: `${P}/attainment`,
        params: pub,
        query: { period: 'quarter', index: '1', series: 'summary', manager: manager.repId ?? '' },
        persona: 'manager',
        cases: 16,
      },
      {
        name: 'refresh bookings',
        method: 'POST',
        path: `${P}/bookings/refresh`,
        params: pub,
        persona: 'admin',
        cases: 3,
      },
      {
        name: 'adjustments',
        method: 'GET',
        path: `${P}/adjustments`,
        params: pub,
        persona: 'rep',
        cases: 4,
      },
      {
        name: 'request an adjustment',
        method: 'POST',
        path: `${P}/adjustments`,
        params: pub,
        body: () => ({
          repId: peer,
          kind: 'other',
          effective: '2018-07-01',
          reason: 'fuzzed request',
          newMonthly: new Array<number>(12).fill(100_000),
        }),
        persona: 'manager',
        cases: 16,
      },
      {
        name: 'decide an adjustment',
        method: 'POST',
        path: `${P}/adjustments/{adjustmentId}/decision`,
        params: { ...pub, adjustmentId: String(pending.id) },
        body: () => ({ approve: false, note: 'fuzzed' }),
        persona: 'cro',
        cases: 10,
      },
      {
        name: 'credited deals',
        method: 'GET',
        path: `${P}/credited-deals`,
        params: pub,
        query: { rep: peer, period: 'quarter', index: '1' },
        persona: 'manager',
        cases: 12,
      },
      {
        name: 'credit disputes',
        method: 'GET',
        path: `${P}/disputes`,
        params: pub,
        persona: 'manager',
        cases: 4,
      },
      {
        name: 'dispute a deal’s credit',
        method: 'POST',
        path: `${P}/disputes`,
        params: pub,
        body: () => ({ dealId: 'fuzzed-deal', reason: 'fuzzed dispute' }),
        persona: 'rep',
        cases: 12,
      },
      {
        name: 'resolve a credit dispute',
        method: 'POST',
        path: `${P}/disputes/{disputeId}/decision`,
        params: { ...pub, disputeId: '1' },
        body: () => ({ accept: true, note: 'fuzzed' }),
        persona: 'cro',
        cases: 10,
      },
      {
        name: 'audit log',
        method: 'GET',
        path: `${W}/audit-log`,
        params: { ws: 'default' },
        query: {
          limit: '5',
          entity: 'plan',
          person: 'cro@example.com',
          plan: String(published),
          kind: 'plan',
        },
        persona: 'finance',
        cases: 10,
      },
      {
        name: 'members',
        method: 'GET',
        path: `${W}/members`,
        params: { ws: 'default' },
        persona: 'admin',
        cases: 4,
      },
      {
        name: 'add a member',
        method: 'POST',
        path: `${W}/members`,
        params: { ws: 'default' },
        body: () => ({
          email: 'fuzzed.member@example.com',
          name: 'Fuzzed Member',
          password: PASSWORD,
          role: 'leader',
          title: 'finance',
        }),
        persona: 'admin',
        cases: 14,
      },
      {
        name: 'change a member’s role',
        method: 'PATCH',
        path: `${W}/members/{userId}`,
        params: { ws: 'default', userId: peerUserId },
        body: () => ({ role: 'rep', title: null, repId: peer }),
        persona: 'admin',
        cases: 12,
      },
      {
        name: 'remove a member',
        method: 'DELETE',
        path: `${W}/members/{userId}`,
        params: { ws: 'default', userId: removable.userId },
        persona: 'admin',
        cases: 6,
      },
      {
        name: 'role grants',
        method: 'GET',
        path: `${W}/role-grants`,
        params: { ws: 'default' },
        persona: 'admin',
        cases: 4,
      },
      {
        name: 'decide a role grant',
        method: 'POST',
        path: `${W}/role-grants/{grantId}/decision`,
        params: { ws: 'default', grantId: '1' },
        body: () => ({ approve: false, note: 'fuzzed' }),
        persona: 'cro',
        cases: 8,
      },
      {
        name: 'sign-off policy',
        method: 'GET',
        path: `${W}/signoff-policy`,
        params: { ws: 'default' },
        persona: 'finance',
        cases: 4,
      },
      {
        name: 'name the approver titles',
        method: 'PUT',
        path: `${W}/signoff-policy`,
        params: { ws: 'default' },
        body: () => ({ approverTitles: ['vp_sales', 'cro'] }),
        persona: 'admin',
        cases: 10,
      },
      {
        name: 'imports',
        method: 'GET',
        path: `${W}/imports`,
        params: { ws: 'default' },
        persona: 'admin',
        cases: 4,
      },
      {
        name: 'upload an import',
        method: 'POST',
        path: `${W}/imports`,
        params: { ws: 'default' },
        upload: true,
        persona: 'admin',
        cases: 30,
      },
      {
        name: 'create a workspace',
        method: 'POST',
        path: '/api/workspaces',
        params: {},
        body: () => ({ id: 'fuzz-new', name: 'Fuzz company', currency: 'EUR' }),
        persona: 'admin',
        cases: 10,
      },
      {
        name: 'undo an import',
        method: 'POST',
        path: `${W}/imports/{id}/undo`,
        params: { ws: 'default', id: '999999' },
        persona: 'admin',
        cases: 6,
      },
      {
        name: 'data quality',
        method: 'GET',
        path: `${W}/data-quality`,
        params: { ws: 'default' },
        persona: 'cro',
        cases: 2,
      },
      {
        name: 'baseline',
        method: 'GET',
        path: `${W}/baseline`,
        params: { ws: 'default' },
        query: { by: 'territory', from: '2017-01-01', to: '2017-12-31', types: 'new_business' },
        persona: 'cro',
        cases: 12,
      },
      {
        name: 'CRM connections',
        method: 'GET',
        path: `${W}/crm/connections`,
        params: { ws: 'default' },
        persona: 'admin',
        cases: 4,
      },
      {
        // The fixture has no QUOTAPLAN_SECRET_KEY: a valid body is refused with 409, and nothing
        // is stored either way.
        name: 'connect a CRM',
        method: 'POST',
        path: `${W}/crm/connections`,
        params: { ws: 'default' },
        body: () => ({
          provider: 'salesforce',
          name: 'fuzzed',
          flow: 'client_credentials',
          instanceUrl: 'https://fuzz.my.salesforce.com',
          loginUrl: 'https://login.salesforce.com',
          apiVersion: '62.0',
          clientId: 'fuzz-client',
          username: 'fuzz@example.com',
          secret: 'fuzz-secret',
        }),
        persona: 'admin',
        cases: 16,
      },
      {
        name: 'test a CRM connection',
        method: 'POST',
        path: `${W}/crm/connections/{connectionId}/test`,
        params: { ws: 'default', connectionId: '1' },
        persona: 'admin',
        cases: 4,
      },
      {
        name: 'pull from a CRM',
        method: 'POST',
        path: `${W}/crm/connections/{connectionId}/pull`,
        params: { ws: 'default', connectionId: '1' },
        query: { mode: 'full' },
        persona: 'admin',
        cases: 4,
      },
      {
        name: 'remove a CRM connection',
        method: 'DELETE',
        path: `${W}/crm/connections/{connectionId}`,
        params: { ws: 'default', connectionId: '1' },
        persona: 'admin',
        cases: 4,
      },
    ];
    // Saves move the draft on: later edits name its newest version.
    draftTracker = (path, status, text) => {
      if (status === 201 && path.startsWith(`/api/workspaces/default/plans/${draft.planId}/`)) {
        const saved = JSON.parse(text) as { version?: number };
        if (typeof saved.version === 'number') draft.latest = Math.max(draft.latest, saved.version);
      }
    };
  }, 240_000);

  let draftTracker: (path: string, status: number, text: string) => void = () => undefined;

  it('fuzzes every route of the OpenAPI document, and no route that is not there', async () => {
    const doc = (await (await s.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const fuzzed = routes.map((route) => `${route.method} ${route.path}`);
    expect(documented.filter((route) => !fuzzed.includes(route))).toEqual([]);
    // Beside the document: the document itself, Better Auth's routes and a route that is not one.
    const undocumented = [
      'GET /api/openapi.json',
      'GET /api/{x}',
      'POST /api/auth/sign-in/email',
      'GET /api/auth/get-session',
    ];
    expect(fuzzed.filter((route) => !documented.includes(route))).toEqual(undocumented);
  });

  it('answers every malformed request below 500, as a problem naming the field, changing nothing', async () => {
    const rng = createRng(SEED, 'api-fuzz');
    const tried = new Map<string, number>();
    const spent = new Map<string, number>();
    const failures: string[] = [];
    let state: DatabaseState = await databaseState(getDb());
    for (const route of routes) {
      for (let n = 0; n < route.cases; n++) {
        const fuzz = route.upload === true ? uploadCase(rng) : jsonCase(rng, route);
        const headers = new Headers(fuzz.init.headers);
        headers.set('origin', ORIGIN);
        if (route.persona !== null) headers.set('cookie', s.cookies[route.persona]);
        const started = performance.now();
        const response = await s.app.request(fuzz.path, { ...fuzz.init, headers });
        const text = await response.text();
        tried.set(route.name, (tried.get(route.name) ?? 0) + 1);
        spent.set(route.name, (spent.get(route.name) ?? 0) + performance.now() - started);
        const what = `${route.name} (${fuzz.description}) as ${route.persona ?? 'nobody'}: ${response.status}`;
        const fail = (why: string) => failures.push(`${what}: ${why}: ${text.slice(0, 200)}`);
        if (response.status >= 500) fail('a server error');
        if (/\bat .+\.(ts|js|mjs):\d+/.test(text)) fail('a stack trace in the answer');
        if (response.status >= 400 && route.auth !== true) {
          if (!(response.headers.get('content-type') ?? '').includes('application/problem+json')) {
            fail('a refusal that is not a problem document');
          } else {
            const problem = JSON.parse(text) as {
              status?: number;
              code?: unknown;
              issues?: unknown[];
            };
            if (problem.status !== response.status || typeof problem.code !== 'string') {
              fail('a problem document without its status and code');
            }
            if (response.status === 422) {
              const named = fuzz.names.some(
                (name) => text.includes(name) || text.includes(JSON.stringify(name).slice(1, -1)),
              );
              if ((problem.issues?.length ?? 0) === 0) fail('a 422 without issues');
              else if (!named) fail(`a 422 naming none of ${fuzz.names.slice(0, 6).join(', ')}`);
            }
          }
        }
        const after = await databaseState(getDb());
        if (response.status >= 400) {
          for (const [key, value] of Object.entries(after)) {
            if (state[key] !== value)
              fail(`refused, but ${key} went from ${state[key]} to ${value}`);
          }
        }
        if (response.status < 300) draftTracker(fuzz.path, response.status, text);
        state = after;
      }
    }
    const total = [...tried.values()].reduce((a, b) => a + b, 0);
    const lines = [...tried].map(
      ([name, count]) =>
        `  ${String(count).padStart(3)}  ${name} (${((spent.get(name) ?? 0) / 1000).toFixed(1)} s)`,
    );
    console.log(
      `API fuzzing, seed ${SEED}: ${total} malformed requests over ${tried.size} routes\n${lines.join('\n')}`,
    );
    expect(failures).toEqual([]);
    expect(tried.size).toBe(routes.length);
    expect(total).toBeGreaterThanOrEqual(300);
  }, 240_000);
});
