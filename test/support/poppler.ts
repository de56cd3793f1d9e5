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

/** A word of a PDF page and its box in points (y down from the top of the page). */
export interface PdfWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/**
 * The words of one page of a PDF with their boxes (pdftotext -bbox). Rotated text comes as
 * fragments of a few glyphs, each with its own box.
 */
export async function pdfWords(file: string, page = 1): Promise<PdfWord[]> {
  const { stdout } = await run(
    'pdftotext',
    ['-bbox', '-f', String(page), '-l', String(page), '-enc', 'UTF-8', file, '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const words: PdfWord[] = [];
  const pattern =
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of stdout.matchAll(pattern)) {
    words.push({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: (m[5] ?? '').replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>'),
    });
  }
  return words;
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
