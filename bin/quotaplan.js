#!/usr/bin/env node
// Launcher for the quotaplan CLI. The sources are TypeScript run by Node's built-in type
// stripping (Node >= 22.18 has it on by default; older 22.x needs the flag, so re-exec with it).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

if (process.features.typescript) {
  await import(entry);
} else {
  const result = spawnSync(
    process.execPath,
    ['--experimental-strip-types', '--no-warnings', entry, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}
