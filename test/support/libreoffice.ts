// LibreOffice headless for tests that recalculate a workbook the way a spreadsheet would. Suites
// skip with a loud banner when `soffice` is missing, and fail instead when
// QUOTAPLAN_REQUIRE_SERVICES=1 (set by .ci/run, which installs libreoffice-calc), as the
// Postgres suites do (test/support/databases.ts).

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe } from 'vitest';

const run = promisify(execFile);

async function findSoffice(): Promise<string | null> {
  for (const candidate of ['soffice', 'libreoffice']) {
    try {
      await run(candidate, ['--version'], { timeout: 60_000 });
      return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

const soffice = await findSoffice();
const required = process.env.QUOTAPLAN_REQUIRE_SERVICES === '1';

/** LibreOffice's settings for a private profile: recalculate every formula of an .xlsx on load. */
const REGISTRY = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

/**
 * Opens `file` in LibreOffice headless, recalculates every formula and saves it as .xlsx into a
 * new folder; returns the path of the recalculated copy. Each call uses its own profile folder so
 * parallel test files do not share LibreOffice's lock.
 */
export async function recalculate(file: string): Promise<string> {
  if (soffice === null) throw new Error('LibreOffice (soffice) is not installed');
  const work = await mkdtemp(join(tmpdir(), 'qp-soffice-'));
  const profile = join(work, 'profile');
  await mkdir(join(profile, 'user'), { recursive: true });
  await writeFile(join(profile, 'user', 'registrymodifications.xcu'), REGISTRY);
  const out = join(work, 'out');
  await run(
    soffice,
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'xlsx',
      '--outdir',
      out,
      file,
    ],
    { timeout: 300_000 },
  );
  const written = await readdir(out);
  const name = basename(file).replace(/\.[^.]+$/, '.xlsx');
  if (!written.includes(name)) {
    throw new Error(`LibreOffice wrote no ${name} into ${out} (found: ${written.join(', ')})`);
  }
  return join(out, name);
}

/**
 * `describe(name, fn)` when LibreOffice is installed; otherwise a skipped suite and a banner, or
 * a failing one when QUOTAPLAN_REQUIRE_SERVICES=1.
 */
export function describeWithLibreOffice(name: string, fn: () => void): void {
  if (soffice !== null) {
    describe(name, fn);
    return;
  }
  if (required) {
    describe(name, () => {
      beforeAll(() => {
        throw new Error(
          'LibreOffice is required (QUOTAPLAN_REQUIRE_SERVICES=1) but soffice is not installed: apt-get install -y --no-install-recommends libreoffice-calc',
        );
      });
      fn();
    });
    return;
  }
  console.warn(
    [
      '',
      '*'.repeat(78),
      `LIBREOFFICE NOT AVAILABLE: "${name}" skipped (no soffice on PATH).`,
      'Install it with',
      '  apt-get install -y --no-install-recommends libreoffice-calc',
      'QUOTAPLAN_REQUIRE_SERVICES=1 makes this a failure.',
      '*'.repeat(78),
      '',
    ].join('\n'),
  );
  describe.skip(name, fn);
}
