// Import fuzzing (issue 13): a few hundred malformed files, seeded, through the real import route
// on PGlite and Postgres. Each case breaks a valid Maven-shaped file one way: truncated, a bad
// encoding, a NUL character, a huge field, a wrong delimiter, a missing or duplicated column,
// bad dates or amounts, duplicate ids, broken quoting, no rows, no bytes, binary garbage. Every
// answer must be a 4xx problem document whose issues name the file (and the row and column where
// a row is at fault), with no stack trace, and the database must be as it was. It prints the cases
// it tried by kind. Another seed: QUOTAPLAN_FUZZ_SEED=7 npx vitest run test/import-fuzz.test.ts

import { beforeAll, expect, it } from 'vitest';
import { createRng } from '../src/core/random.ts';
import type { Rng } from '../src/core/random.ts';
import { describeEachDatabase } from './support/databases.ts';
import { databaseState } from './support/db-state.ts';
import { ORIGIN, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

const SEED = Number(process.env.QUOTAPLAN_FUZZ_SEED ?? 13_2026);
const CASES = Number(process.env.QUOTAPLAN_IMPORT_FUZZ_CASES ?? 340);

const PIPELINE_HEADER = [
  'opportunity_id',
  'sales_agent',
  'product',
  'account',
  'deal_stage',
  'engage_date',
  'close_date',
  'close_value',
];
const AGENTS = ['Anna Snelling', 'Cecily Lampkin', 'Moses Frase', 'Boris Faz', 'Vicki Laflamme'];
const STAGES = ['Won', 'Lost', 'Engaging', 'Prospecting'];

/** A valid pipeline file of 5 to 14 deals with fresh ids, as rows of fields. */
function pipelineRows(rng: Rng): string[][] {
  const rows: string[][] = [];
  const n = rng.between(5, 14);
  for (let i = 0; i < n; i++) {
    const stage = STAGES[rng.int(STAGES.length)] ?? 'Won';
    const closed = stage === 'Won' || stage === 'Lost';
    rows.push([
      `FZ${rng.int(1e9).toString(36)}${i}`,
      AGENTS[rng.int(AGENTS.length)] ?? 'Anna Snelling',
      'GTX Pro',
      'Acme Corporation',
      stage,
      `2017-0${rng.between(1, 6)}-1${rng.between(0, 9)}`,
      closed ? `2017-0${rng.between(7, 9)}-2${rng.between(0, 8)}` : '',
      stage === 'Won' ? String(rng.between(100, 9000)) : '',
    ]);
  }
  return rows;
}

function csv(header: string[], rows: string[][], delimiter = ',', eol = '\n'): string {
  return [header, ...rows].map((r) => r.join(delimiter)).join(eol) + eol;
}

interface Case {
  kind: string;
  name: string;
  content: string | Uint8Array;
  fields?: Record<string, string>;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)] as T;

/** One malformed file of `kind`. */
const MUTATIONS: Record<string, (rng: Rng, rows: string[][]) => Omit<Case, 'kind'>> = {
  truncated(rng, rows) {
    // Cut inside the last row, after its first field: too few fields.
    const text = csv(PIPELINE_HEADER, rows);
    const last = text.lastIndexOf('\n', text.length - 2) + 1;
    const cut = text.indexOf(',', last) + 1 + rng.int(3);
    return { name: 'sales_pipeline.csv', content: text.slice(0, cut) };
  },
  'truncated-quote'(rng, rows) {
    const row = rows.length - 1;
    const r = rows[row] ?? [];
    r[1] = `"${r[1] ?? ''}`;
    const text = csv(PIPELINE_HEADER, rows);
    return { name: 'sales_pipeline.csv', content: text.slice(0, text.length - rng.int(4) - 1) };
  },
  latin1(rng, rows) {
    const r = rows[rng.int(rows.length)] ?? [];
    r[1] = 'Zo\u00eb Str\u00f6m';
    return {
      name: 'sales_pipeline.csv',
      content: Buffer.from(csv(PIPELINE_HEADER, rows), 'latin1'),
    };
  },
  utf16(_rng, rows) {
    return {
      name: 'sales_pipeline.csv',
      content: Buffer.from(csv(PIPELINE_HEADER, rows), 'utf16le'),
    };
  },
  nul(rng, rows) {
    const r = rows[rng.int(rows.length)] ?? [];
    const column = rng.between(1, 4);
    r[column] = `${r[column] ?? ''}\u0000x`;
    // A few hundred rows before it: past what the encoding check reads.
    const padding = Array.from({ length: 3000 }, (_, i) => [
      `FP${i}`,
      'Anna Snelling',
      'GTX Pro',
      'Acme Corporation',
      'Engaging',
      '2017-01-10',
      '',
      '',
    ]);
    return { name: 'sales_pipeline.csv', content: csv(PIPELINE_HEADER, [...padding, ...rows]) };
  },
  'huge-field'(rng, rows) {
    const r = rows[rng.int(rows.length)] ?? [];
    const column = pick(rng, [0, 1, 2, 3, 4]);
    r[column] = pick(rng, ['x', 'Ä', '東']).repeat(pick(rng, [300, 70_000, 400_000]));
    return { name: 'sales_pipeline.csv', content: csv(PIPELINE_HEADER, rows) };
  },
  'wrong-delimiter'(rng, rows) {
    const text =
      csv(PIPELINE_HEADER, rows.slice(0, 1)) +
      csv(PIPELINE_HEADER, rows.slice(1), pick(rng, [';', '\t', '|']))
        .split('\n')
        .slice(1)
        .join('\n');
    return { name: 'sales_pipeline.csv', content: text };
  },
  'missing-column'(rng, rows) {
    const drop = pick(rng, [0, 1, 4]);
    return {
      name: 'sales_pipeline.csv',
      content: csv(
        PIPELINE_HEADER.filter((_, i) => i !== drop),
        rows.map((r) => r.filter((_, i) => i !== drop)),
      ),
    };
  },
  'duplicate-header'(rng, rows) {
    const twice = rng.int(PIPELINE_HEADER.length);
    const header = [...PIPELINE_HEADER, PIPELINE_HEADER[twice] ?? 'close_value'];
    return {
      name: 'sales_pipeline.csv',
      content: csv(
        header,
        rows.map((r) => [...r, r[twice] ?? '']),
      ),
    };
  },
  'bad-date'(rng, rows) {
    const r = rows[rng.int(rows.length)] ?? [];
    r[5] = pick(rng, [
      '2017-13-45',
      'yesterday',
      '31/31/2017',
      '2017-02-30',
      '0000-00-00',
      '20170101x',
    ]);
    return { name: 'sales_pipeline.csv', content: csv(PIPELINE_HEADER, rows) };
  },
  'bad-amount'(rng, rows) {
    const r = rows[rng.int(rows.length)] ?? [];
    r[4] = 'Won';
    r[6] = '2017-08-01';
    r[7] = pick(rng, [
      'abc',
      '1 000 000',
      '12,34,5',
      '1e400',
      '$$5',
      '--3',
      '9999999999999999',
      'NaN',
    ]);
    return { name: 'sales_pipeline.csv', content: csv(PIPELINE_HEADER, rows) };
  },
  'duplicate-id'(rng, rows) {
    const a = rows[0] ?? [];
    const b = rows[1 + rng.int(rows.length - 1)] ?? [];
    b[0] = a[0] ?? '';
    return { name: 'sales_pipeline.csv', content: csv(PIPELINE_HEADER, rows) };
  },
  'broken-quoting'(rng, rows) {
    const r = rows[rng.int(rows.length)] ?? [];
    const column = pick(rng, [1, 2, 3]);
    r[column] = `"${r[column] ?? ''}"trailing`;
    return { name: 'sales_pipeline.csv', content: csv(PIPELINE_HEADER, rows, ',', '\r\n') };
  },
  'header-only'() {
    return { name: 'sales_pipeline.csv', content: `${PIPELINE_HEADER.join(',')}\n` };
  },
  empty() {
    return { name: 'sales_pipeline.csv', content: '' };
  },
  binary(rng) {
    const bytes = new Uint8Array(rng.between(20, 2000));
    for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
    return { name: pick(rng, ['sales_pipeline.csv', 'deals.xlsx']), content: bytes };
  },
  'bad-stage'(rng, rows) {
    // A status column with a value that is not a status.
    const header = [...PIPELINE_HEADER, 'status'];
    return {
      name: 'deals.csv',
      content: csv(
        header,
        rows.map((r, i) => [...r, i === 0 ? pick(rng, ['maybe', 'w0n', '?']) : 'won']),
      ),
      fields: { preset: 'generic' },
    };
  },
};

interface Problem {
  status?: number;
  code?: string;
  issues?: {
    code: string;
    message: string;
    location?: { file?: string; row?: number; column?: string; value?: string };
  }[];
}

/** Issues about a whole row rather than one cell: they name the file and the row. */
const ROW_CODES = new Set(['field-count', 'csv-invalid', 'record-too-long', 'unterminated-quote']);

describeEachDatabase('import fuzzing through the API', (getDb) => {
  let s: ServerFixture;

  beforeAll(async () => {
    s = await serverFixture(getDb());
  }, 180_000);

  it(`refuses ${CASES} malformed files, each naming file, row and column, changing nothing`, async () => {
    const rng = createRng(SEED, 'import-fuzz');
    const kinds = Object.keys(MUTATIONS);
    const tried = new Map<string, number>();
    const failures: string[] = [];
    const started = performance.now();
    let before = await databaseState(getDb());
    for (let i = 0; i < CASES; i++) {
      const kind = kinds[i % kinds.length] ?? 'empty';
      const mutate = MUTATIONS[kind];
      if (mutate === undefined) continue;
      const made = mutate(rng, pipelineRows(rng));
      tried.set(kind, (tried.get(kind) ?? 0) + 1);
      const form = new FormData();
      form.append('files', new Blob([made.content]), made.name);
      for (const [k, v] of Object.entries(made.fields ?? { preset: 'maven' })) form.append(k, v);
      const response = await s.app.request('/api/workspaces/default/imports', {
        method: 'POST',
        headers: { origin: ORIGIN, cookie: s.cookies.admin },
        body: form,
      });
      const text = await response.text();
      const label = `#${i} ${kind} ${made.name}: ${response.status} ${text.slice(0, 300)}`;
      if (response.status < 400 || response.status >= 500) {
        failures.push(label);
        before = await databaseState(getDb());
        continue;
      }
      const problem = JSON.parse(text) as Problem;
      const issues = problem.issues ?? [];
      if (issues.length === 0 || text.includes('    at ')) failures.push(label);
      for (const issue of issues) {
        const at = issue.location;
        if (at?.file !== made.name) failures.push(`${label} (issue without the file)`);
        else if (at.row !== undefined && at.column === undefined && !ROW_CODES.has(issue.code)) {
          failures.push(`${label} (row issue ${issue.code} without a column)`);
        }
      }
      const after = await databaseState(getDb());
      if (JSON.stringify(after) !== JSON.stringify(before))
        failures.push(`${label} (changed the database)`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `import fuzzing (seed ${SEED}): ${CASES} files in ${seconds.toFixed(1)} s, ${failures.length} failures; by kind: ${[
        ...tried,
      ]
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
  }, 120_000);
});
