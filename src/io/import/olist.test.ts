// The olist preset on the real Olist marketing-funnel files. The data is licensed for
// non-commercial use only, so it is never copied into the project: the test reads it from
// ../shared (beside the repository) and is skipped, loudly, where that folder does not exist.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../core/issue.ts';
import { readImportFiles } from './index.ts';
import type { ImportContext } from './index.ts';

// ../shared beside the repository, as on developer machines and in CI.
const dir = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'datasets',
  'olist-marketing-funnel',
);
const present = existsSync(join(dir, 'olist_closed_deals_dataset.csv'));
if (!present) {
  console.warn(
    `\n!!! Olist tests SKIPPED: ${dir} is absent (the data cannot ship with the project) !!!\n`,
  );
}

const context: ImportContext = {
  currency: 'BRL',
  existing: { reps: [], accountIds: new Set(), rates: [] },
};

describe('olist preset', () => {
  it.skipIf(!present)(
    'imports the 842 closed deals as won deals on a deal-count basis',
    async () => {
      const result = await readImportFiles(
        [
          join(dir, 'olist_closed_deals_dataset.csv'),
          join(dir, 'olist_marketing_qualified_leads_dataset.csv'),
          join(dir, 'olist_sellers_dataset.csv'),
        ],
        {},
        context,
      );
      if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
      const batch = result.value;
      expect(batch.preset).toBe('olist');
      expect(batch.errors).toEqual([]);
      const deals = batch.records.deals;
      expect(deals).toHaveLength(842);
      expect(
        deals.every((d) => d.status === 'won' && d.amount === null && d.product === null),
      ).toBe(true);
      expect(batch.settings.basis).toBe('count');
      expect(batch.notices.map((n) => n.code)).toContain('basis-count');

      // Reps: the 22 SRs who close, plus the 19 SDRs who only qualify leads.
      const reps = batch.records.reps;
      expect(reps.filter((r) => r.role === 'AE')).toHaveLength(22);
      expect(reps.filter((r) => r.role === 'SDR')).toHaveLength(19);
      expect(reps.every((r) => r.derived)).toBe(true);

      // The seller signed up by each deal is its customer account: 842 distinct sellers.
      expect(new Set(deals.map((d) => d.accountId)).size).toBe(842);
      expect(batch.records.accounts).toHaveLength(842);

      // Created dates come from the MQL file; the close date drops the time of day.
      const early = deals.find((d) => d.id === 'b91cf8812365f50ff4bda4bcd6206b05');
      expect(early).toMatchObject({ createdDate: '2018-03-08', closeDate: '2018-03-06' });
      expect(deals.every((d) => d.createdDate !== null && d.sourceRepId !== null)).toBe(true);

      const leads = batch.files.find(
        (f) => f.name === 'olist_marketing_qualified_leads_dataset.csv',
      );
      expect(leads).toMatchObject({ entity: 'deals', rows: 8000, accepted: 842, rejected: 0 });
      expect(batch.notices.find((n) => n.code === 'rows-without-deal')?.message).toContain(
        '7,158 rows',
      );
      expect(batch.files.find((f) => f.name === 'olist_sellers_dataset.csv')?.entity).toBeNull();
    },
  );
});
