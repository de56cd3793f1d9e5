// Attainment views kept in memory until the quotas of record change: a change made through this
// process is seen by its very next read, one made elsewhere (another connection: another server
// process, or by hand) as soon as the database's notice arrives; a view computed across a change
// is not kept. On PGlite and Postgres.

import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/index.ts';
import type { Database } from '../src/db/index.ts';
import {
  cachedView,
  quotasChanged,
  setAttainmentCaching,
} from '../src/services/workflow/attainment-cache.ts';
import { describeEachDatabase } from './support/databases.ts';
import { publishedPlan, serverFixture } from './support/server.ts';
import type { ServerFixture } from './support/server.ts';

/** Another connection to the same database where there can be one (Postgres), else the same. */
async function elsewhere(database: Database): Promise<{ db: Database; close(): Promise<void> }> {
  if (database.target.kind === 'postgres') {
    const other = await openDatabase(database.target);
    return { db: other, close: () => other.close() };
  }
  return { db: database, close: () => Promise.resolve() };
}

function counter(): { count: () => number; compute: () => Promise<{ n: number }> } {
  let n = 0;
  return {
    count: () => n,
    compute: () => Promise.resolve({ n: ++n }),
  };
}

describeEachDatabase('attainment views kept until the quotas of record change', (getDb) => {
  describe('the cache', () => {
    it('serves a kept view until any connection writes quotas_of_record', async () => {
      const database = getDb();
      const c = counter();
      const read = () => cachedView(database, 'write elsewhere', () => 1, c.compute);
      expect(await read()).toEqual({ n: 1 });
      expect(await read()).toEqual({ n: 1 });
      expect(c.count()).toBe(1);
      const other = await elsewhere(database);
      try {
        // A statement that changes no row still fires the statement trigger: any write counts.
        await other.db.db.execute(sql`update quotas_of_record set bookings = bookings where false`);
      } finally {
        await other.close();
      }
      await expect.poll(async () => (await read()).n, { timeout: 10_000 }).toBe(2);
      // Kept again afterwards.
      expect(await read()).toEqual({ n: 2 });
    });

    it('does not keep a view that was computed while the quotas changed', async () => {
      const database = getDb();
      let calls = 0;
      let release: () => void = () => undefined;
      const slow = async () => {
        calls++;
        if (calls === 1) {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        }
        return { calls };
      };
      const first = cachedView(database, 'computed across a change', () => 1, slow);
      await expect.poll(() => calls).toBe(1);
      quotasChanged(database);
      release();
      expect(await first).toEqual({ calls: 1 });
      // Not kept: the next read computes afresh, and that one is kept.
      expect(await cachedView(database, 'computed across a change', () => 1, slow)).toEqual({
        calls: 2,
      });
      expect(await cachedView(database, 'computed across a change', () => 1, slow)).toEqual({
        calls: 2,
      });
    });

    it('computes every view afresh when turned off, and keeps them again when turned on', async () => {
      const database = getDb();
      const c = counter();
      const read = () => cachedView(database, 'off and on', () => 1, c.compute);
      setAttainmentCaching(database, false);
      try {
        await read();
        await read();
        expect(c.count()).toBe(2);
      } finally {
        setAttainmentCaching(database, true);
      }
      await read();
      await read();
      expect(c.count()).toBe(3);
    });
  });

  describe('team attainment through the API', () => {
    let s: ServerFixture;
    let planId = 0;

    beforeAll(async () => {
      s = await serverFixture(getDb());
      ({ planId } = await publishedPlan(s, { asOf: '2017-06-30' }));
    }, 180_000);

    const bookingsSeen = async (): Promise<number> => {
      const response = await s.call(
        'manager',
        'GET',
        `/api/workspaces/default/plans/${planId}/attainment?period=year&index=0`,
      );
      expect(response.status).toBe(200);
      const view = (await response.json()) as { report: { organisation: { bookings: number } } };
      return view.report.organisation.bookings;
    };

    it('shows bookings changed by another server process once its notice arrives', async () => {
      const before = await bookingsSeen();
      expect(before).toBeGreaterThan(0);
      expect(await bookingsSeen()).toBe(before);
      const other = await elsewhere(getDb());
      try {
        // Another process (or a person with psql) clears the team's bookings.
        await other.db.db.execute(
          sql`update quotas_of_record set bookings = array_fill(0::bigint, array[cardinality(bookings)]) where plan_id = ${planId}`,
        );
      } finally {
        await other.close();
      }
      await expect.poll(bookingsSeen, { timeout: 10_000 }).toBe(0);
    });

    it('shows a bookings refresh made through this server on the very next read', async () => {
      expect(await bookingsSeen()).toBe(0);
      const refreshed = await s.call(
        'admin',
        'POST',
        `/api/workspaces/default/plans/${planId}/bookings/refresh`,
      );
      expect(refreshed.status).toBe(200);
      expect(await bookingsSeen()).toBeGreaterThan(0);
    });
  });
});
