// The import service across several imports into one workspace: later files resolve against what
// earlier imports stored, instead of deriving records again.

import { expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../src/db/index.ts';
import { importIntoWorkspace } from '../src/services/import-service.ts';
import { workspaceIn } from '../src/services/workspace.ts';
import { describeEachDatabase } from './support/databases.ts';

async function file(name: string, content: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'qp-svc-')), name);
  await writeFile(path, content);
  return path;
}

describeEachDatabase('imports build on what the workspace holds', (getDb) => {
  it('a later rep file uses the stored territories and a later deal file the stored reps', async () => {
    const workspace = () => workspaceIn(getDb(), 'test', 'USD');
    const request = (paths: string[]) => ({
      paths,
      env: {},
      preset: 'generic',
      importedBy: 'test',
    });

    const territories = await file('territories.csv', 'id,name,segment\nT1,North,SMB\n');
    const first = await importIntoWorkspace(
      await workspace(),
      request([territories]),
      undefined,
      undefined,
    );
    expect(first.ok).toBe(true);

    const reps = await file(
      'reps.csv',
      'id,name,email,territory_id\nr1,Ada Byron,ada@example.com,T1\n',
    );
    const second = await importIntoWorkspace(
      await workspace(),
      request([reps]),
      undefined,
      undefined,
    );
    if (!second.ok) throw new Error(second.issues[0]?.message);
    expect(second.value.counts.territories.inserted).toBe(0);

    // Deals name their owner by e-mail: resolved to the stored rep, no roster derived.
    const deals = await file(
      'deals.csv',
      'id,owner_id,amount,close_date,status\nd1,ada@example.com,100,2024-01-31,won\n',
    );
    const third = await importIntoWorkspace(
      await workspace(),
      request([deals]),
      undefined,
      undefined,
    );
    if (!third.ok) throw new Error(third.issues[0]?.message);
    expect(third.value.counts.reps.inserted).toBe(0);

    const data = await loadDataset(getDb(), 'default');
    expect(data.territories.map((t) => [t.id, t.derived])).toEqual([['T1', false]]);
    expect(data.reps.map((r) => [r.id, r.territoryId, r.derived])).toEqual([['r1', 'T1', false]]);
    expect(data.deals.map((d) => d.ownerId)).toEqual(['r1']);
  });
});
