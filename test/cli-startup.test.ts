// The command line loads a command's services only when that command runs: `quotaplan --help` and
// `quotaplan <command> --help` must not load the database layer, the engine's services, the
// renderers or their packages (issue 14: --help took 9 s). Time is measured by
// bench/cli-startup.ts; this test checks the cause, which modules load.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli.ts';

/** Prints every module URL the process loaded, one per line after a marker, when it exits. */
const RECORD_MODULES = `data:text/javascript,${encodeURIComponent(
  [
    "import { registerHooks } from 'node:module';",
    "import { writeSync } from 'node:fs';",
    'const seen = [];',
    'registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push(r.url); return r; } });',
    "process.on('exit', () => writeSync(2, '\\nqp-modules\\n' + seen.join('\\n') + '\\n'));",
  ].join('\n'),
)}`;

function loadedModules(args: string[]): string[] {
  const result = spawnSync(
    process.execPath,
    ['--import', RECORD_MODULES, join(ROOT, 'bin', 'quotaplan.js'), ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, QUOTAPLAN_DB: '', DATABASE_URL: '' } },
  );
  expect(result.status, result.stderr).toBe(0);
  const list = result.stderr.split('\nqp-modules\n')[1] ?? '';
  return list.split('\n').filter((url) => url !== '');
}

const HEAVY = [
  '/src/db/',
  '/src/server/',
  '/src/io/import/',
  '/src/io/export/',
  '/src/io/docs/render',
  '/src/core/engine/index.ts',
  '/node_modules/@electric-sql/',
  '/node_modules/drizzle-orm/',
  '/node_modules/postgres/',
  '/node_modules/exceljs/',
  '/node_modules/pdfkit/',
  '/node_modules/echarts/',
  '/node_modules/better-auth/',
  '/node_modules/hono/',
  '/node_modules/zod/',
];

describe('quotaplan start-up', () => {
  it('loads no service, database or renderer module for --help', () => {
    for (const args of [
      ['--help'],
      ['plan', '--help'],
      ['serve', '--help'],
      ['user', 'add', '--help'],
      ['crm', 'pull', '--help'],
    ]) {
      const modules = loadedModules(args);
      // The command tree itself did load.
      expect(
        modules.some((url) => url.endsWith('/src/cli/program.ts')),
        args.join(' '),
      ).toBe(true);
      const heavy = modules.filter((url) => HEAVY.some((part) => url.includes(part)));
      expect(heavy, `quotaplan ${args.join(' ')}`).toEqual([]);
    }
  });
});
