// COPY in through a session: data larger than one PGlite COPY statement arrives whole and exact,
// and a second COPY in the same transaction reuses the buffer at its full size.

import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/databases.ts';
import { inTransaction } from './sql-session.ts';

/** `count` COPY lines `i\t<text of width chars>` in chunks of `perChunk` lines. */
function* lines(count: number, width: number, perChunk: number): Generator<string> {
  let chunk = '';
  for (let i = 0; i < count; i++) {
    // Multi-byte characters and escapes, so UTF-8 length differs from string length.
    chunk += `${i}\t${String(i % 10).repeat(width - 4)}é\\t€\n`;
    if ((i + 1) % perChunk === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

describeEachDatabase('copyIn', (getDb) => {
  it('writes every row exactly when the data spans several PGlite COPY statements', async () => {
    // 40,000 rows of ~1 KB: about 40 MB, more than one 32 MB PGlite statement.
    const rows = 40_000;
    const width = 1_000;
    const result = await inTransaction(getDb(), async (session) => {
      await session.query(`create temp table copy_a (id integer, body text) on commit drop`);
      await session.query(`create temp table copy_b (id integer, body text) on commit drop`);
      await session.copyIn('copy_a', ['id', 'body'], lines(rows, width, 1_000));
      await session.copyIn('copy_b', ['id', 'body'], lines(3, 10, 2));
      return session.query<{ table: string; n: number; bytes: number; ok: number }>(
        `select 'a' as table, count(*)::int as n, sum(octet_length(body))::int as bytes,
                count(*) filter (where body = repeat((id % 10)::text, ${width - 4}) || 'é' || chr(9) || '€')::int as ok
         from copy_a
         union all
         select 'b', count(*)::int, sum(octet_length(body))::int,
                count(*) filter (where body = repeat((id % 10)::text, 6) || 'é' || chr(9) || '€')::int
         from copy_b
         order by 1`,
      );
    });
    const bodyBytes = (w: number): number => w - 4 + 2 + 1 + 3;
    expect(result).toEqual([
      { table: 'a', n: rows, bytes: rows * bodyBytes(width), ok: rows },
      { table: 'b', n: 3, bytes: 3 * bodyBytes(10), ok: 3 },
    ]);
  });
});
