// pdftotext (Debian's poppler-utils) for tests that read the text of a PDF the way a reader sees
// it. Like LibreOffice (libreoffice.ts): a loud skip when missing, a failure when
// QUOTAPLAN_REQUIRE_SERVICES=1 (.ci/run installs poppler-utils).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe } from 'vitest';

const run = promisify(execFile);

async function available(): Promise<boolean> {
  try {
    await run('pdftotext', ['-v'], { timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const present = await available();

/** The text of a PDF file, page by page in reading order (pdftotext -layout). */
export async function pdfText(file: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** `describe` when pdftotext is installed; else a loud skip, or a failure when services are required. */
export function describeWithPdfText(name: string, fn: () => void): void {
  if (present) {
    describe(name, fn);
    return;
  }
  if (process.env.QUOTAPLAN_REQUIRE_SERVICES === '1') {
    describe(name, () => {
      beforeAll(() => {
        throw new Error(
          'pdftotext is required (QUOTAPLAN_REQUIRE_SERVICES=1) but not installed: apt-get install -y poppler-utils',
        );
      });
      fn();
    });
    return;
  }
  console.warn(
    `\n${'*'.repeat(78)}\nPDFTOTEXT NOT AVAILABLE: "${name}" skipped. Install it with\n  apt-get install -y --no-install-recommends poppler-utils\nQUOTAPLAN_REQUIRE_SERVICES=1 makes this a failure.\n${'*'.repeat(78)}\n`,
  );
  describe.skip(name, fn);
}
