// Issue 13's refused inputs, one by one, on PGlite and Postgres: each answered with a 4xx problem
// that names the field (or the file), none with a 500, and none changing the database — NUL
// characters in text, 2³¹ in ids, a period outside the plan asked for by a rep, unusable upload
// names, a YAML alias bomb, an overflowing growth, an e-mail too long for its index, plans with a
// start in 9999, a target of 0, a million-character name or a `roles.__proto__` key.

import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from './support/databases.ts';
import { databaseState } from './support/db-state.ts';
import { ORIGIN, publishedPlan, serverFixture } from './support/server.ts';
import type { Persona, ServerFixture } from './support/server.ts';

interface Problem {
  status: number;
  code: string;
  detail: string;
  issues?: { message: string; expected?: string }[];
}

/** A YAML document whose aliases expand into 9¹⁰ strings. */
const ALIAS_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...Array.from({ length: 10 }, (_, i) => {
    const name = String.fromCharCode(98 + i);
    const previous = String.fromCharCode(97 + i);
    return `${name}: &${name} [${new Array<string>(9).fill(`*${previous}`).join(',')}]`;
  }),
].join('\n');

describeEachDatabase('refused input (issue 13)', (getDb) => {
  let s: ServerFixture;
  const ws = '/api/workspaces/default';
  let published = 0;
  let draft = 0;

  beforeAll(async () => {
    s = await serverFixture(getDb());
    ({ planId: published } = await publishedPlan(s));
    const created = await s.call('admin', 'POST', `${ws}/plans`, {
      name: 'Draft',
      asOf: '2017-12-31',
    });
    ({ planId: draft } = (await created.json()) as { planId: number });
  }, 180_000);

  /** Sends the request and checks the refusal: its status, a problem naming `field`, no change. */
  async function refused(
    persona: Persona,
    method: string,
    path: string,
    body: unknown,
    field: string,
    status = 422,
  ): Promise<Problem> {
    const before = await databaseState(getDb());
    const response = await s.call(persona, method, path, body);
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text.slice(0, 300)}`).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = JSON.parse(text) as Problem;
    expect(problem.issues?.length ?? 0).toBeGreaterThan(0);
    expect(JSON.stringify(problem.issues)).toContain(field);
    expect(await databaseState(getDb())).toEqual(before);
    return problem;
  }

  it('refuses a NUL character in every text field of a request body, naming the field', async () => {
    const plan = `${ws}/plans/${draft}`;
    const pub = `${ws}/plans/${published}`;
    const { peerRep } = s.personas;
    const nul = 'a\u0000b';
    const cases: [Persona, string, string, unknown, string][] = [
      ['admin', 'POST', `${ws}/plans`, { name: nul }, 'body.name'],
      [
        'admin',
        'POST',
        `${plan}/versions`,
        { baseVersion: 0, note: nul, edits: [{ path: ['methodology', 'growth'], value: 0.01 }] },
        'body.note',
      ],
      [
        'admin',
        'POST',
        `${plan}/versions`,
        { baseVersion: 0, note: 'x', edits: [{ path: ['name'], value: nul }] },
        'body.edits[0].value',
      ],
      [
        'admin',
        'POST',
        `${plan}/versions`,
        { baseVersion: 0, note: 'x', planYaml: 'name: "a\\0b"\n' },
        'name',
      ],
      [
        'cro',
        'POST',
        `${plan}/versions/0/assumptions`,
        { key: 'target', value: 'x', status: 'CONFIRMED', note: nul },
        'body.note',
      ],
      [
        'admin',
        'PUT',
        `${ws}/definitions/bookings`,
        { term: nul, definition: 'd', reason: 'r' },
        'body.term',
      ],
      [
        'admin',
        'POST',
        `${ws}/members`,
        { email: 'n@example.com', name: nul, password: 'long enough password', role: 'admin' },
        'body.name',
      ],
      [
        'manager',
        'POST',
        `${pub}/adjustments`,
        {
          repId: peerRep.repId,
          kind: 'other',
          effective: '2018-06-01',
          reason: nul,
          newMonthly: new Array<number>(12).fill(0),
        },
        'body.reason',
      ],
      ['cro', 'POST', `${pub}/adjustments/1/decision`, { approve: false, note: nul }, 'body.note'],
      [
        'cro',
        'POST',
        `${plan}/versions/0/backtest-override`,
        { reason: `long enough ${nul}` },
        'body.reason',
      ],
      ['cro', 'POST', `${plan}/versions/0/quota-approvals`, { note: nul }, 'body.note'],
      [
        'admin',
        'POST',
        `${plan}/versions/0/preview`,
        { edits: [{ path: ['name', nul], value: 1 }] },
        'body.edits[0].path[1]',
      ],
    ];
    for (const [persona, method, path, body, field] of cases) {
      await refused(persona, method, path, body, field);
    }
  });

  it('refuses a NUL character in a path or a query parameter', async () => {
    await refused('admin', 'GET', `${ws}/plans/${published}/quotas/%00`, undefined, 'path');
    await refused('admin', 'GET', `${ws}/audit-log?entity=%00`, undefined, 'query.entity');
    await refused(
      'admin',
      'GET',
      `${ws}/plans/${published}/attainment?rep=a%00`,
      undefined,
      'query.rep',
    );
  });

  it('refuses ids beyond 32 bits (2³¹) in bodies, paths and queries', async () => {
    const big = 2 ** 31;
    await refused(
      'admin',
      'POST',
      `${ws}/plans/${draft}/versions`,
      { baseVersion: big, note: 'x', edits: [{ path: ['methodology', 'growth'], value: 0 }] },
      'baseVersion',
    );
    await refused(
      'cro',
      'POST',
      `${ws}/plans/${draft}/versions/${big}/assumptions`,
      { key: 'target', value: 'x', status: 'CONFIRMED' },
      'version',
    );
    await refused(
      'cro',
      'POST',
      `${ws}/plans/${published}/adjustments/${big}/decision`,
      { approve: true },
      'adjustmentId',
    );
    await refused('cro', 'GET', `${ws}/plans/${draft}/diff?from=0&to=${big}`, undefined, 'to');
    await refused('cro', 'GET', `${ws}/audit-log?before=${big}`, undefined, 'before');
  });

  it('refuses a period outside the plan to any rep, naming the index', async () => {
    for (const [period, index] of [
      ['month', 12],
      ['quarter', 4],
      ['year', 1],
    ] as const) {
      const problem = await refused(
        'rep',
        'GET',
        `${ws}/plans/${published}/attainment?period=${period}&index=${index}`,
        undefined,
        'index',
      );
      expect(problem.detail).toContain(`${period} ${index} is outside`);
    }
  });

  it('refuses a baseline window of thousands of years instead of computing it', async () => {
    const problem = await refused(
      'cro',
      'GET',
      `${ws}/baseline?by=rep&from=1900-01-01&to=9999-12-31`,
      undefined,
      'to',
    );
    expect(problem.detail).toBe('the request is not valid');
    const long = await refused(
      'cro',
      'GET',
      `${ws}/baseline?by=rep&from=1900-01-01&to=2199-12-31`,
      undefined,
      'the window from 1900-01-01 to 2199-12-31 spans 3,600 months',
    );
    expect(long.issues?.[0]?.expected).toContain('at most 120 months apart');
    const decade = await s.call(
      'cro',
      'GET',
      `${ws}/baseline?by=rep&from=2008-01-01&to=2017-12-31`,
    );
    expect(decade.status).toBe(200);
    expect(((await decade.json()) as { months: number }).months).toBe(120);
  });

  it('refuses a lone UTF-16 surrogate in a body (Postgres cannot store one), naming the field', async () => {
    await refused(
      'admin',
      'POST',
      `${ws}/members`,
      {
        email: 'surrogate@example.com',
        name: 'Lone Surrogate',
        password: 'long enough password',
        role: 'rep',
        repId: 'r\ud800',
      },
      'body.repId',
    );
  });

  it('refuses an e-mail too long for its index, and a rep id too long to be one', async () => {
    await refused(
      'admin',
      'POST',
      `${ws}/members`,
      {
        email: `${'a'.repeat(60_000)}@example.com`,
        name: 'Long',
        password: 'long enough password',
        role: 'admin',
      },
      'email',
    );
    await refused(
      'admin',
      'GET',
      `${ws}/plans/${published}/quotas/${'r'.repeat(60_000)}`,
      undefined,
      'repId',
    );
  });

  it('refuses plans with a start in 9999, a target of 0, a huge name, an overflowing growth or roles.__proto__', async () => {
    const plan = `${ws}/plans/${draft}/versions`;
    const edit = (path: (string | number)[], value: unknown) => ({
      baseVersion: 0,
      note: 'fuzzed',
      edits: [{ path, value }],
    });
    await refused('admin', 'POST', plan, edit(['start'], '9999-12-01'), 'start');
    await refused('admin', 'POST', plan, edit(['target'], 0), 'target');
    const huge = await refused(
      'admin',
      'POST',
      plan,
      edit(['name'], 'n'.repeat(1_000_000)),
      'name',
    );
    // The value is not echoed whole.
    expect(JSON.stringify(huge).length).toBeLessThan(2000);
    await refused('admin', 'POST', plan, edit(['methodology', 'growth'], 1e308), 'growth');
    await refused(
      'admin',
      'POST',
      `${ws}/plans/${draft}/versions/0/preview`,
      { edits: [{ path: ['methodology', 'growth'], value: 1e308 }] },
      'growth',
    );
    await refused('admin', 'POST', plan, edit(['roles', '__proto__'], { ramp: [1] }), '__proto__');
    const yaml = (await (
      await s.call('admin', 'GET', `${ws}/plans/${draft}/versions/0`)
    ).json()) as {
      planYaml: string;
    };
    await refused(
      'admin',
      'POST',
      plan,
      {
        baseVersion: 0,
        note: 'proto',
        planYaml: `${yaml.planYaml}\nott: 1\n`.replace(
          'roles:',
          'roles:\n  __proto__:\n    ramp: [1]',
        ),
      },
      'roles.__proto__',
    );
    await refused(
      'admin',
      'POST',
      plan,
      { baseVersion: 0, note: 'bomb', planYaml: ALIAS_BOMB },
      'alias',
    );
  });

  it('refuses unusable upload names and a YAML alias bomb as the mapping, naming them', async () => {
    const upload = async (name: string, fields: Record<string, string> = {}) => {
      const before = await databaseState(getDb());
      const form = new FormData();
      form.append('files', new Blob(['id,name\n1,x\n']), name);
      for (const [key, value] of Object.entries(fields)) form.append(key, value);
      const response = await s.app.request(`${ws}/imports`, {
        method: 'POST',
        headers: { origin: ORIGIN, cookie: s.cookies.admin },
        body: form,
      });
      const text = await response.text();
      expect(response.status, `${JSON.stringify(name).slice(0, 40)}: ${text.slice(0, 300)}`).toBe(
        422,
      );
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await databaseState(getDb())).toEqual(before);
      return JSON.parse(text) as Problem;
    };
    for (const name of ['.', '..', `${'n'.repeat(300)}.csv`, 'a\u0000b.csv']) {
      const problem = await upload(name);
      expect(problem.issues?.[0]?.message).toContain('files[0]: the file name');
    }
    const far = await upload('deals.csv', { dryRun: 'true', asOf: '9999-12-31' });
    expect(JSON.stringify(far.issues)).toContain('asOf');
    const bomb = await upload('deals.csv', { dryRun: 'true', mapping: ALIAS_BOMB });
    expect(bomb.code).toBe('mapping-invalid');
    expect(bomb.detail).toContain('aliases');
    const proto = await upload('deals.csv', {
      dryRun: 'true',
      mapping: 'files:\n  - match: "*.csv"\n    columns:\n      __proto__: x\n',
    });
    expect(proto.detail).toContain('files[0].columns.__proto__');
  });
});
