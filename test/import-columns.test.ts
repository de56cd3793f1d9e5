// A first import of a deals file without a column the model needs (amount, close date) is
// refused naming the column, unless the mapping says the export has none (issue 13, item 3).

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { countRecords } from '../src/db/index.ts';
import { parseMappingText } from '../src/io/import/index.ts';
import { importIntoWorkspace } from '../src/services/import-service.ts';
import { workspaceIn } from '../src/services/workspace.ts';
import { describeEachDatabase } from './support/databases.ts';

async function file(name: string, content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qp-columns-'));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describeEachDatabase('a first import needs the deal columns of the model', (getDb) => {
  it('refuses a first deals file without amount or close date, naming the columns', async () => {
    const workspace = await workspaceIn(getDb(), 'test', 'USD');
    const path = await file('deals.csv', 'id,owner_id,status\nd1,ann,won\n');
    const outcome = await importIntoWorkspace(
      workspace,
      { paths: [path], env: {}, preset: 'generic', importedBy: 'test' },
      undefined,
      undefined,
    );
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.issues[0]).toMatchObject({
      code: 'model-column-missing',
      location: { file: 'deals.csv' },
    });
    expect(outcome.issues[0]?.message).toContain('amount or close_date');
    expect((await countRecords(getDb(), workspace.id)).deals).toBe(0);
  });

  it('imports it when the mapping says the export has no amount and no close date', async () => {
    const workspace = await workspaceIn(getDb(), 'test', 'USD');
    const path = await file('deals.csv', 'id,owner_id,status\nd1,ann,open\n');
    const mapping = parseMappingText(
      'files:\n  - match: deals.csv\n    entity: deals\n    columns: { amount: null, close_date: null }\n',
      'mapping',
    );
    if (!mapping.ok) throw new Error('mapping');
    const outcome = await importIntoWorkspace(
      workspace,
      { paths: [path], env: {}, preset: 'generic', importedBy: 'test' },
      mapping.value,
      undefined,
    );
    expect(outcome.ok, JSON.stringify(outcome).slice(0, 500)).toBe(true);
    expect((await countRecords(getDb(), workspace.id)).deals).toBe(1);
  });
});
