// Values far larger than one protocol buffer read back intact on both drivers: postgres.js pauses
// its socket when a COPY row fills the stream's buffer (64 KB), and a COPY that ended right then
// left the connection paused for good, so every later read on it hung (issue 13).

import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.ts';
import type { Rep } from '../core/model.ts';
import { loadDataset, loadReferenceData } from './load-dataset.ts';
import { saveImport } from './save-import.ts';
import type { ImportRecords } from './save-import.ts';
import { inTransaction } from './sql-session.ts';
import { ensureWorkspace } from './workspace-repository.ts';

function rep(id: string, name: string): Rep {
  return {
    id,
    name,
    email: null,
    managerId: null,
    role: 'AE',
    segment: null,
    territoryId: null,
    startDate: null,
    endDate: null,
    ote: null,
    currency: null,
    source: 'generic',
    derived: false,
  };
}

const none: ImportRecords = {
  reps: [],
  territories: [],
  accounts: [],
  products: [],
  deals: [],
  rates: [],
  splits: [],
};

const meta = {
  preset: 'generic',
  importedBy: 'analyst@example.com',
  options: {},
  files: [],
};

/** `length` characters: multi-byte ones and characters COPY escapes, so bytes ≠ characters. */
function longText(length: number, seed: string): string {
  const unit = `${seed}é€\t\\😀 `;
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

describeEachDatabase('values over 64 KB', (getDb) => {
  it('read back intact, and the connection keeps working', async () => {
    const database = getDb();
    await ensureWorkspace(database, 'large', { name: 'Large', currency: 'USD', basis: 'amount' });
    const reps = [
      rep('r1', 'x'.repeat(70_000)),
      rep('r2', longText(200_000, 'b')),
      rep('r3', 'short'),
      rep('r4', longText(65_530, 'd')),
    ];
    await saveImport(database, 'large', { ...none, reps }, meta);
    // Several reads in a row: a paused connection hangs the second one, not the first.
    for (let round = 0; round < 3; round++) {
      const dataset = await loadDataset(database, 'large');
      expect(dataset.reps.map((r) => r.name)).toEqual(reps.map((r) => r.name));
    }
    const reference = await loadReferenceData(database, 'large');
    expect(reference.reps.map((r) => r.name.length)).toEqual([70_000, 200_000, 5, 65_530]);
    const [row] = await inTransaction(database, (session) =>
      session.query<{ n: number }>('select 1 as n'),
    );
    expect(row?.n).toBe(1);
  }, 30_000);

  it('a COPY read stopped early leaves the connection usable', async () => {
    const database = getDb();
    const read = await inTransaction(database, async (session) => {
      let seen = 0;
      for await (const chunk of session.copyOut(
        `select repeat('y', 100000) from generate_series(1, 50)`,
      )) {
        seen += chunk.length;
        if (seen > 150_000) break;
      }
      const [after] = await session.query<{ n: number }>('select 2 as n');
      return { seen, after: after?.n };
    });
    expect(read.seen).toBeGreaterThan(150_000);
    expect(read.after).toBe(2);
  }, 30_000);
});
