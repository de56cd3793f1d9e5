// examples/salvirt-mapping.yaml imports the real Salvirt win/loss file (data/salvirt/): no ids,
// dates or amounts, a semicolon delimiter, sellers as the only people.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../core/issue.ts';
import { loadMappingFile, readImportFiles } from './index.ts';
import type { ImportBatch, ImportContext } from './index.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const file = join(root, 'data', 'salvirt', 'Salvirt_B2B_ML_dataset_HF.csv');
const context: ImportContext = {
  currency: 'EUR',
  existing: { reps: [], accountIds: new Set(), rates: [] },
};

async function importSalvirt(): Promise<ImportBatch> {
  const mapping = await loadMappingFile(join(root, 'examples', 'salvirt-mapping.yaml'));
  if (!mapping.ok) throw new Error(mapping.issues.map(formatIssue).join('\n'));
  const result = await readImportFiles([file], { mapping: mapping.value }, context);
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.value;
}

describe('Salvirt through examples/salvirt-mapping.yaml', () => {
  it('imports 448 closed deals: 227 won, 221 lost, 18 derived sellers', async () => {
    const batch = await importSalvirt();
    expect(batch.preset).toBe('generic');
    expect(batch.errors).toEqual([]);
    const deals = batch.records.deals;
    expect(deals).toHaveLength(448);
    expect(deals.filter((d) => d.status === 'won')).toHaveLength(227);
    expect(deals.filter((d) => d.status === 'lost')).toHaveLength(221);
    expect(batch.records.reps).toHaveLength(18);
    expect(batch.records.reps.every((r) => r.derived && r.role === 'AE')).toBe(true);
    expect(batch.records.reps.find((r) => r.id === 'Seller 1')?.name).toBe('Seller 1');
    expect(batch.settings.basis).toBe('count');
  });

  it('builds ids from the row number and types from Up_sale', async () => {
    const batch = await importSalvirt();
    const [first] = batch.records.deals;
    expect(first).toMatchObject({
      id: 'Salvirt_B2B_ML_dataset_HF-2',
      ownerId: 'Seller 6',
      product: 'Product A',
      status: 'won',
      type: 'expansion',
      closeDate: null,
      amount: null,
    });
    expect(batch.records.deals.at(-1)?.id).toBe('Salvirt_B2B_ML_dataset_HF-449');
    expect(batch.files[0]?.columns).toMatchObject({
      id: '$row',
      owner_id: 'Seller',
      type: 'Up_sale',
    });
    expect(batch.records.deals.every((d) => d.type !== null && d.unmapped.length === 0)).toBe(true);
    expect(batch.notices.find((n) => n.code === 'close-date-missing')?.message).toBe(
      '448 won or lost deals without a close date: they count in no period',
    );
  });

  it('gives the same ids on a second import of the same file', async () => {
    const [a, b] = await Promise.all([importSalvirt(), importSalvirt()]);
    expect(b.records.deals.map((d) => d.id)).toEqual(a.records.deals.map((d) => d.id));
  });
});
