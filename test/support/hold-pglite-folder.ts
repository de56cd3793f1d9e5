// A second process for the folder-lock tests: opens the PGlite folder given as its argument,
// prints "ready" and keeps it open until it is killed or its standard input closes.

import { openDatabase } from '../../src/db/index.ts';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: node hold-pglite-folder.ts DIR');
const database = await openDatabase({ kind: 'pglite', dir });
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void database.close().then(() => process.exit(0));
});
