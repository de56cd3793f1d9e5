// The hubspot preset on a deals export built from the documented headers
// (test/fixtures/hubspot/), including a custom stage mapped through a mapping file.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../core/issue.ts';
import { loadMappingFile, readImportFiles } from './index.ts';
import type { ImportBatch, ImportContext, ImportOptions } from './index.ts';

const fixture = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'test',
  'fixtures',
  'hubspot',
  'hubspot-crm-exports-all-deals-2026-10-01.csv',
);
const empty: ImportContext = {
  currency: 'USD',
  existing: { reps: [], accountIds: new Set(), rates: [] },
};

async function importOk(options: ImportOptions = {}, context = empty): Promise<ImportBatch> {
  const result = await readImportFiles([fixture], options, context);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.value;
}

describe('hubspot preset', () => {
  it('reads the 40 deals with statuses from Is Closed Won and the stage labels', async () => {
    const batch = await importOk();
    expect(batch.preset).toBe('hubspot');
    expect(batch.errors).toEqual([]);
    const deals = batch.records.deals;
    expect(deals).toHaveLength(40);
    expect(deals.filter((d) => d.status === 'won')).toHaveLength(12);
    expect(deals.filter((d) => d.status === 'lost')).toHaveLength(4);
    expect(deals.filter((d) => d.status === 'open')).toHaveLength(24);
  });

  it('reads plain and formatted amounts and date-times', async () => {
    const batch = await importOk();
    const byId = new Map(batch.records.deals.map((d) => [d.id, d]));
    expect(byId.get('18023004137')).toMatchObject({
      amount: 1_250_000,
      closeDate: '2025-06-16',
      createdDate: '2025-03-26',
    });
    expect(byId.get('18023004248')).toMatchObject({
      amount: 1_250_000,
      closeDate: '2025-02-08',
      probability: 0.4,
    });
    expect(byId.get('18023004211')?.amount).toBe(1_525_025);
    expect(byId.get('18023004137')?.type).toBe('expansion');
  });

  it('derives reps from owners given by name or by email', async () => {
    const batch = await importOk();
    const reps = new Map(batch.records.reps.map((r) => [r.id, r]));
    expect(reps.size).toBe(5);
    expect(reps.get('jordan.okafor@example.com')).toMatchObject({
      name: 'Jordan Okafor',
      email: 'jordan.okafor@example.com',
      derived: true,
    });
    expect(reps.get('sam.reyes-hart@example.com')?.name).toBe('Sam Reyes Hart');
    expect(reps.get('Avery Lindqvist')).toMatchObject({ email: null, role: 'AE' });
  });

  it('resolves owner emails and names against reps already in the workspace', async () => {
    const batch = await importOk(
      {},
      {
        currency: 'USD',
        existing: {
          reps: [
            {
              id: 'u-1',
              name: 'Jordan Okafor',
              email: 'Jordan.Okafor@example.com',
              derived: false,
            },
            { id: 'u-2', name: 'Avery Lindqvist', email: null, derived: false },
          ],
          accountIds: new Set(),
          rates: [],
        },
      },
    );
    const owners = new Set(batch.records.deals.map((d) => d.ownerId));
    expect(owners.has('u-1')).toBe(true);
    expect(owners.has('u-2')).toBe(true);
    // A real roster exists: unknown owners keep their raw value for the audit to flag.
    expect(owners.has('Theo Brandt')).toBe(true);
    expect(batch.records.reps).toHaveLength(0);
  });

  it('flags the custom stage as unmapped, with a notice counting it', async () => {
    const batch = await importOk();
    const unmapped = batch.records.deals.filter((d) => d.unmapped.includes('stage'));
    expect(unmapped).toHaveLength(4);
    expect(unmapped.every((d) => d.status === 'open' && d.stage === 'Verbal Commit')).toBe(true);
    const n = batch.notices.find((i) => i.code === 'stage-unmapped');
    expect(n?.message).toBe(
      '4 deals with the stage "Verbal Commit", which no value map covers: kept open and flagged unmapped',
    );
    expect(n?.location).toEqual({ column: 'stage', value: 'Verbal Commit' });
  });

  it('maps the custom stage through a mapping file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-hubspot-'));
    const path = join(dir, 'hubspot-mapping.yaml');
    await writeFile(path, 'preset: hubspot\nvalues:\n  status:\n    "verbal commit": open\n');
    const mapping = await loadMappingFile(path);
    if (!mapping.ok) throw new Error(mapping.issues.map(formatIssue).join('\n'));
    const batch = await importOk({ mapping: mapping.value });
    expect(batch.records.deals.some((d) => d.unmapped.includes('stage'))).toBe(false);
    expect(batch.notices.map((i) => i.code)).not.toContain('stage-unmapped');
    expect(
      batch.records.deals
        .filter((d) => d.stage === 'Verbal Commit')
        .every((d) => d.status === 'open'),
    ).toBe(true);
  });

  it('refuses a stage mapped to won on deals HubSpot says are not won', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-hubspot-'));
    const path = join(dir, 'm.yaml');
    await writeFile(path, 'values:\n  status:\n    Verbal Commit: won\n');
    const mapping = await loadMappingFile(path);
    if (!mapping.ok) throw new Error('mapping');
    const batch = await importOk({ mapping: mapping.value });
    expect(batch.errors).toHaveLength(4);
    expect(batch.errors[0]).toMatchObject({
      code: 'status-conflict',
      location: {
        file: 'hubspot-crm-exports-all-deals-2026-10-01.csv',
        row: 11,
        column: 'Is Closed Won',
        value: 'false',
      },
      expected: 'a won stage only on deals flagged as won',
    });
  });
});
