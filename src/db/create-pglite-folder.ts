// Creates an empty PGlite database folder (PGlite's initdb) and exits. openDatabase runs this in
// a child process: initdb takes PGlite's WebAssembly memory to ~1.3 GB of RSS (it snapshots the
// whole heap to restart the backend), and that memory would stay with the process that imports.

import { PGlite } from '@electric-sql/pglite';

const dir = process.argv[2];
if (dir === undefined || dir === '') {
  process.stderr.write('usage: node create-pglite-folder.ts DIR\n');
  process.exit(2);
}
const pglite = new PGlite(dir);
await pglite.waitReady;
await pglite.close();
