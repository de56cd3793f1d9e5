// The "Export CSV" button every table of the web app carries: the rows as shown (filtered and
// sorted), its columns named in words (csv-export.ts).

import type { CsvColumn } from '../csv-export.ts';
import { downloadCsv, tableCsv } from '../csv-export.ts';

export function CsvButton<Row>({
  fileName,
  columns,
  rows,
  what,
  one,
}: {
  fileName: string;
  columns: readonly CsvColumn<Row>[];
  rows: readonly Row[];
  /** What the rows are, for the button's words: many ('entries') and, if not many less s, one. */
  what: string;
  one?: string;
}) {
  const words = rows.length === 1 ? (one ?? what.replace(/s$/, '')) : what;
  return (
    <button
      type="button"
      className="csv-button"
      disabled={rows.length === 0}
      onClick={() => {
        downloadCsv(fileName, tableCsv(columns, rows));
      }}
    >
      Export CSV ({rows.length} {words})
    </button>
  );
}
