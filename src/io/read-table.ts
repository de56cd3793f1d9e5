// Reads a CSV or XLSX file as a header plus a stream of rows, each with the line (or sheet row)
// where it starts, so every problem the importer reports can be found in an editor or Excel.

import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import type { ReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import type { Parser } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import type { Issue, Result } from '../core/issue.ts';
import { fail, ok } from '../core/issue.ts';
import { isoDate } from '../core/dates.ts';
import type { CellValue } from './values.ts';

export interface TableRow {
  kind: 'row';
  /** 1-based line where the record starts (header = 1); for XLSX the sheet row number. */
  row: number;
  values: CellValue[];
}

export interface TableProblem {
  kind: 'problem';
  row: number;
  issue: Issue;
}

export interface OpenTableOptions {
  /** CSV field delimiter; detected from the header line when absent. 'tab' or '\t' for tabs. */
  delimiter?: string;
  /** XLSX worksheet name; the first worksheet when absent. */
  sheet?: string;
}

export interface Table {
  /** The path as given (used in messages). */
  file: string;
  format: 'csv' | 'xlsx';
  /** Detected or given (CSV); null for XLSX. */
  delimiter: string | null;
  /** Trimmed, BOM stripped. */
  headers: string[];
  sizeBytes: number;
  /** Bytes of the file read so far, for progress bars. */
  bytesRead(): number;
  /** The data rows and row problems, in file order. Single use. */
  rows(): AsyncIterable<TableRow | TableProblem>;
  /** Info issues known after iteration (footer ignored, blank lines skipped, sheet chosen). */
  notices(): Issue[];
  /** Releases the file when rows() will not be read to the end (reading to the end does it). */
  close(): void;
}

/** Delimiters tried, most frequent outside quotes on the header line wins; ties go to the first. */
const DELIMITER_CANDIDATES = [',', ';', '\t', '|'];
/** Bytes read at a time while looking for the header line. */
const PREFIX_CHUNK = 64 * 1024;
/** A header line longer than this means the file is not a CSV (or has one unclosed quote). */
const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** A record longer than this is almost certainly an unclosed quote swallowing the file. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;
/** Records after a blank line buffered while deciding if they are a report footer. */
const MAX_FOOTER_RECORDS = 50;

const QUOTE = 34;
const LF = 10;
const CR = 13;

function fileIssue(file: string, code: string, message: string, expected?: string): Issue {
  const issue: Issue = { code, severity: 'error', message, location: { file } };
  if (expected !== undefined) issue.expected = expected;
  return issue;
}

const EMPTY_FILE_MESSAGE = 'the file is empty; expected a header row and at least one data row';

/**
 * Opens a CSV or XLSX file and reads its header. Fatal problems (missing or empty file, bad
 * header, wrong encoding, unreadable workbook) are a failed Result; problems with single rows
 * come later from rows().
 */
export async function openTable(
  path: string,
  options: OpenTableOptions = {},
): Promise<Result<Table>> {
  let sizeBytes: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) {
      return fail(fileIssue(path, 'file-not-found', 'this is a folder, not a file'));
    }
    sizeBytes = info.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return fail(fileIssue(path, 'file-not-found', 'the file does not exist'));
    }
    return fail(fileIssue(path, 'file-unreadable', `the file cannot be read (${code ?? 'error'})`));
  }
  if (sizeBytes === 0) return fail(fileIssue(path, 'empty-file', EMPTY_FILE_MESSAGE));

  const magic = await readStart(path, 8);
  const extension = extname(path).toLowerCase();
  if (
    extension === '.xls' ||
    (magic[0] === 0xd0 && magic[1] === 0xcf && magic[2] === 0x11 && magic[3] === 0xe0)
  ) {
    return fail(
      fileIssue(
        path,
        'file-format',
        'this is an old Excel .xls workbook, which cannot be read',
        'an .xlsx workbook or a CSV file (in Excel: Save As "CSV UTF-8")',
      ),
    );
  }
  const isZip = magic[0] === 0x50 && magic[1] === 0x4b && magic[2] === 0x03 && magic[3] === 0x04;
  if (isZip || extension === '.xlsx' || extension === '.xlsm') {
    if (!isZip) return fail(xlsxInvalid(path, 'the file is not an Excel workbook'));
    return openXlsxRetrying(path, sizeBytes, options);
  }
  return openCsv(path, sizeBytes, options);
}

async function readStart(path: string, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function headerIssues(file: string, headers: string[], row: number): Issue[] {
  const issues: Issue[] = [];
  const firstSeen = new Map<string, number>();
  const expected = 'a unique, non-empty name for every column';
  headers.forEach((name, index) => {
    const position = index + 1;
    const issue = (message: string, column?: string): Issue => ({
      code: 'header-invalid',
      severity: 'error',
      message,
      expected,
      location: column === undefined ? { file, row } : { file, row, column },
    });
    if (name === '') {
      issues.push(issue(`column ${position} of the header has no name`));
      return;
    }
    const first = firstSeen.get(name);
    if (first === undefined) {
      firstSeen.set(name, position);
    } else {
      issues.push(
        issue(`column ${position} of the header repeats the name of column ${first}`, name),
      );
    }
  });
  return issues;
}

function cleanHeader(name: string): string {
  return name.replace(/^\uFEFF+/, '').trim();
}

// ---------------------------------------------------------------------------------------------
// CSV

function normaliseDelimiter(given: string): string {
  return given === 'tab' || given === '\\t' ? '\t' : given;
}

function describeDelimiter(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : JSON.stringify(delimiter);
}

type HeaderScan =
  | { kind: 'found'; text: string; startLine: number; endLine: number }
  | { kind: 'more' }
  | { kind: 'empty' }
  | { kind: 'unterminated'; startLine: number };

/**
 * Finds the first non-blank record of a CSV text (the header), following quotes the way
 * csv-parse does with relax_quotes: a quote opens a quoted field only at the start of a field.
 * Line breaks inside quotes count as lines, so row numbers match a text editor's.
 */
function scanHeader(text: string, eof: boolean, delimiter: string | undefined): HeaderScan {
  const delimiterCode = delimiter?.charCodeAt(0);
  const isFieldEnd = (c: number): boolean =>
    delimiterCode === undefined
      ? c === 44 || c === 59 || c === 9 || c === 124 // , ; tab |
      : c === delimiterCode;
  let line = 1;
  let recordStart = 0;
  let recordLine = 1;
  let content = false;
  let quoting = false;
  let fieldStart = true;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    // A CR at the end of the text may be the first half of a CRLF: wait for the next chunk.
    if (c === CR && i + 1 === n && !eof) return { kind: 'more' };
    if (quoting) {
      if (c === QUOTE) {
        if (i + 1 === n && !eof) return { kind: 'more' };
        if (text.charCodeAt(i + 1) === QUOTE) i++;
        else quoting = false;
      } else if (c === LF || c === CR) {
        if (c === CR && text.charCodeAt(i + 1) === LF) i++;
        line++;
      }
      continue;
    }
    if (c === LF || c === CR) {
      if (content) {
        return {
          kind: 'found',
          text: text.slice(recordStart, i),
          startLine: recordLine,
          endLine: line,
        };
      }
      if (c === CR && text.charCodeAt(i + 1) === LF) i++;
      line++;
      recordStart = i + 1;
      recordLine = line;
      fieldStart = true;
      continue;
    }
    if (c === QUOTE && fieldStart) {
      quoting = true;
      content = true;
      fieldStart = false;
      continue;
    }
    fieldStart = isFieldEnd(c);
    if (c !== 32 && c !== 9 && c !== 0xa0 && c !== 0xfeff) content = true;
  }
  if (quoting) return eof ? { kind: 'unterminated', startLine: recordLine } : { kind: 'more' };
  if (!eof) return { kind: 'more' };
  return content
    ? { kind: 'found', text: text.slice(recordStart), startLine: recordLine, endLine: line }
    : { kind: 'empty' };
}

/** The candidate delimiter that occurs most often outside quotes in the header line. */
function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>();
  let quoting = false;
  for (const ch of headerLine) {
    if (ch === '"') quoting = !quoting;
    else if (!quoting && DELIMITER_CANDIDATES.includes(ch))
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const candidate of DELIMITER_CANDIDATES) {
    const count = counts.get(candidate) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

type CsvHeader =
  { ok: true; text: string; startLine: number; endLine: number } | { ok: false; issue: Issue };

/** Reads the file from the start until the header record is complete; never the whole file. */
async function readCsvHeader(path: string, delimiter: string | undefined): Promise<CsvHeader> {
  const handle = await open(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
    const buffer = Buffer.alloc(PREFIX_CHUNK);
    let text = '';
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, PREFIX_CHUNK, position);
      const chunk = buffer.subarray(0, bytesRead);
      if (position === 0) {
        const encodingIssue = checkEncoding(path, chunk);
        if (encodingIssue !== null) return { ok: false, issue: encodingIssue };
      }
      position += bytesRead;
      const eof = bytesRead < PREFIX_CHUNK;
      text += decoder.decode(chunk, { stream: !eof });
      const scan = scanHeader(text, eof, delimiter);
      switch (scan.kind) {
        case 'found':
          return { ok: true, text: scan.text, startLine: scan.startLine, endLine: scan.endLine };
        case 'empty':
          return { ok: false, issue: fileIssue(path, 'empty-file', EMPTY_FILE_MESSAGE) };
        case 'unterminated':
          return { ok: false, issue: unterminatedQuote(path, scan.startLine, 'the header') };
        case 'more':
          if (position > MAX_HEADER_BYTES) {
            return {
              ok: false,
              issue: fileIssue(
                path,
                'header-invalid',
                'no end of the header line in the first 16 MB; this does not look like a CSV file',
                'a CSV file with one header line',
              ),
            };
          }
      }
    }
  } finally {
    await handle.close();
  }
}

function checkEncoding(path: string, start: Buffer): Issue | null {
  const b0 = start[0];
  const b1 = start[1];
  const utf16Bom = (b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff);
  // UTF-16 without a BOM still shows as NUL bytes between ASCII letters.
  const sample = start.subarray(0, 1024);
  if (utf16Bom || sample.includes(0)) {
    return fileIssue(
      path,
      'encoding',
      'the file is not UTF-8 text (it looks like UTF-16, as Excel writes "Unicode Text")',
      'a UTF-8 file; save the file as UTF-8 CSV (in Excel: Save As "CSV UTF-8")',
    );
  }
  return null;
}

function unterminatedQuote(file: string, row: number, what: string): Issue {
  return {
    code: 'unterminated-quote',
    severity: 'error',
    message: `a quoted value in ${what} is never closed, so the rest of the file cannot be read`,
    expected: 'a closing " for every opening " (a quote inside a quoted value is written "")',
    location: { file, row },
  };
}

async function openCsv(
  path: string,
  sizeBytes: number,
  options: OpenTableOptions,
): Promise<Result<Table>> {
  const given = options.delimiter === undefined ? undefined : normaliseDelimiter(options.delimiter);
  if (given !== undefined && (given === '' || /["\r\n]/.test(given))) {
    return fail(
      fileIssue(
        path,
        'delimiter-invalid',
        `${JSON.stringify(options.delimiter)} cannot be a delimiter`,
        'a delimiter such as "," ";" "|" or tab',
      ),
    );
  }
  const header = await readCsvHeader(path, given);
  if (!header.ok) return fail(header.issue);
  const delimiter = given ?? detectDelimiter(header.text);
  const records = parseSync(header.text, {
    delimiter,
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
  });
  const headers = (records[0] ?? []).map(cleanHeader);
  const issues = headerIssues(path, headers, header.startLine);
  if (issues.length > 0) return fail(...issues);

  const notices: Issue[] = [];
  let input: ReadStream | null = null;
  let used = false;
  const reader: CsvReader = {
    file: path,
    delimiter,
    delimiterGiven: given !== undefined,
    width: headers.length,
    headers,
    headerEndLine: header.endLine,
    notices,
    onStream: (stream) => {
      input = stream;
    },
  };
  return ok({
    file: path,
    format: 'csv',
    delimiter,
    headers,
    sizeBytes,
    bytesRead: () => (input === null ? 0 : input.bytesRead),
    rows: () => {
      if (used) throw new TableReusedError(path);
      used = true;
      return csvRows(reader);
    },
    notices: () => [...notices],
    close: () => {
      input?.destroy();
    },
  });
}

/** Thrown when rows() is called twice: a table streams its file once. */
export class TableReusedError extends Error {
  override readonly name = 'TableReusedError';
  constructor(file: string) {
    super(`rows() of ${file} was already called; open the table again to re-read it`);
  }
}

interface CsvReader {
  file: string;
  delimiter: string;
  delimiterGiven: boolean;
  width: number;
  headers: readonly string[];
  headerEndLine: number;
  notices: Issue[];
  onStream: (stream: ReadStream) => void;
}

/** Line breaks inside a field (CRLF counts once), so later rows keep their editor line. */
function lineBreaks(field: string): number {
  let count = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (field.charCodeAt(i + 1) === LF) i++;
    }
  }
  return count;
}

function isBlankRecord(record: string[]): boolean {
  for (const field of record) {
    if (field.length === 0) continue;
    const c = field.charCodeAt(0);
    if (c > 32 && c !== 0xa0) return false;
    if (field.trim() !== '') return false;
  }
  return true;
}

function preview(record: string[], delimiter: string): string {
  const text = record.join(delimiter);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface Buffered {
  row: number;
  lines: number;
  record: string[];
}

interface CsvScan {
  /**
   * True when the file holds no double quote and no carriage return. Such a file's records are
   * exactly its LF-terminated lines split at the delimiter, which csvRows reads without csv-parse.
   */
  plain: boolean;
  /** The first line that is not UTF-8 (its bytes read as Latin-1), or null when all are. */
  notUtf8: { line: number; text: string } | null;
}

/** Bytes of `bytes` up to the last whole UTF-8 character (a character cut by the chunk waits). */
function wholeUtf8Length(bytes: Buffer): number {
  const n = bytes.length;
  let back = 0;
  while (back < 3 && back < n && ((bytes[n - 1 - back] ?? 0) & 0xc0) === 0x80) back++;
  const lead = bytes[n - 1 - back];
  if (lead === undefined || lead < 0xc0) return n;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return size > back + 1 ? n - 1 - back : n;
}

/** The first line of `bytes` that is not UTF-8, numbered from `firstLine`. */
function firstNonUtf8Line(bytes: Buffer, firstLine: number): { line: number; text: string } {
  let start = 0;
  for (let line = firstLine; ; line++) {
    const end = bytes.indexOf(LF, start);
    const slice = bytes.subarray(start, end === -1 ? bytes.length : end);
    if (!isUtf8(slice) || end === -1) return { line, text: slice.toString('latin1') };
    start = end + 1;
  }
}

/**
 * Reads the file once: whether it is plain (see CsvScan) and whether it is UTF-8 throughout. A
 * Latin-1 or Windows-1252 export decoded as UTF-8 turns "Zoë" into "Zo\ufffd", a new rep.
 */
async function scanCsv(path: string): Promise<CsvScan> {
  const input = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let plain = true;
  let carry: Buffer | null = null;
  let lines = 1;
  try {
    for await (const chunk of input) {
      const bytes: Buffer =
        carry === null ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
      if (plain && (bytes.includes(QUOTE) || bytes.includes(CR))) plain = false;
      const end = wholeUtf8Length(bytes);
      const body = bytes.subarray(0, end);
      if (!isUtf8(body)) return { plain, notUtf8: firstNonUtf8Line(body, lines) };
      for (let at = body.indexOf(LF); at !== -1; at = body.indexOf(LF, at + 1)) lines++;
      carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : null;
    }
    if (carry !== null) return { plain, notUtf8: firstNonUtf8Line(carry, lines) };
    return { plain, notUtf8: null };
  } finally {
    input.destroy();
  }
}

/**
 * The records of a plain CSV file (see isPlainCsv), a batch per chunk read: what csv-parse
 * returns for such a file with the options csvRows gives it (BOM dropped, an empty line is one
 * empty field, no record after the final line break), at about three times its speed.
 */
async function* plainRecords(input: ReadStream, delimiter: string): AsyncGenerator<string[][]> {
  let carry: Buffer | null = null;
  let started = false;
  const split = (bytes: Buffer, last: boolean): string[][] => {
    let text = bytes.toString('utf8');
    if (!started) {
      started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const lines = text.split('\n');
    // A file ending without a line break: its last line is a record unless it is empty.
    if (last && lines[lines.length - 1] === '') lines.pop();
    const records = new Array<string[]>(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line.length > MAX_RECORD_BYTES) throw recordTooLong();
      records[i] = line.split(delimiter);
    }
    return records;
  };
  for await (const chunk of input) {
    const bytes = chunk as Buffer;
    const end = bytes.lastIndexOf(LF);
    if (end === -1) {
      carry = carry === null ? Buffer.from(bytes) : Buffer.concat([carry, bytes]);
      if (carry.length > MAX_RECORD_BYTES * 3) throw recordTooLong();
      continue;
    }
    const head = bytes.subarray(0, end);
    const records = split(carry === null ? head : Buffer.concat([carry, head]), false);
    carry = end + 1 < bytes.length ? Buffer.from(bytes.subarray(end + 1)) : null;
    yield records;
  }
  if (carry !== null) yield split(carry, true);
}

function recordTooLong(): CsvError {
  return new CsvError('CSV_MAX_RECORD_SIZE', [
    'Max Record Size:',
    `record exceed the maximum number of tolerated bytes of ${MAX_RECORD_BYTES}`,
  ]);
}

/**
 * Records whose quoting is broken, with the position of the first bad field: relax_quotes reads
 * `"Carl Lin"trailing` as the text `"Carl Lin"trailing`, which would import as a new rep; such a
 * record is a row problem instead (see quotingProblem).
 */
const badQuoting = new WeakMap<string[], number>();

/**
 * The position of the field whose quotes are broken in a record read with relax_quotes, or -1.
 * Only a field that starts with a quote can be one (a stray quote inside an unquoted value, as
 * in `5" screen`, is text); the record's raw text then decides: read strictly, a well-formed
 * record (a value that starts with a doubled quote) parses, a broken one fails.
 */
function quotingProblem(fields: readonly string[], raw: string, delimiter: string): number {
  let suspect = -1;
  for (let i = 0; i < fields.length; i++) {
    if ((fields[i] as string).charCodeAt(0) === QUOTE) {
      suspect = i;
      break;
    }
  }
  if (suspect < 0) return -1;
  try {
    parseSync(raw, { delimiter, relax_column_count: true, bom: false });
    return -1;
  } catch {
    return suspect;
  }
}

/** The records csv-parse reads from the file, a batch at a time. */
async function* parsedRecords(input: ReadStream, delimiter: string): AsyncGenerator<string[][]> {
  const parser = parse({
    delimiter,
    bom: true,
    // The raw text of each record, to judge broken quoting (quotingProblem).
    raw: true,
    // Count checks and blank lines are ours: they need the start line and the footer rule.
    relax_column_count: true,
    skip_empty_lines: false,
    // A stray quote inside an unquoted value ('5" screen') is kept as text, as Excel does.
    relax_quotes: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for (let batch = await nextBatch(parser); batch !== null; batch = await nextBatch(parser)) {
      yield batch.map((item) => {
        const { record, raw } = item as unknown as { record: string[]; raw: string };
        const bad = quotingProblem(record, raw, delimiter);
        if (bad >= 0) badQuoting.set(record, bad);
        return record;
      });
    }
  } finally {
    parser.destroy();
  }
}

/**
 * Every record of a CSV file, read by the plain-file reader or by csv-parse, in chunks of
 * `chunkBytes`: lets tests check that both read plain files alike.
 */
export async function csvRecords(
  path: string,
  delimiter: string,
  reader: 'plain' | 'csv-parse',
  chunkBytes = 1024 * 1024,
): Promise<string[][]> {
  const input = createReadStream(path, { highWaterMark: chunkBytes });
  const records: string[][] = [];
  try {
    const batches =
      reader === 'plain' ? plainRecords(input, delimiter) : parsedRecords(input, delimiter);
    for await (const batch of batches) records.push(...batch);
  } finally {
    input.destroy();
  }
  return records;
}

async function* csvRows(reader: CsvReader): AsyncGenerator<TableRow | TableProblem> {
  const { file, delimiter, width, headerEndLine } = reader;
  // Quoted fields and CR line ends need csv-parse; most large exports have neither.
  const scan = await scanCsv(file);
  if (scan.notUtf8 !== null) {
    const { line, text } = scan.notUtf8;
    const fields = text.split(delimiter);
    const at = fields.findIndex((f) => !isUtf8(Buffer.from(f, 'latin1')));
    const column = at >= 0 ? reader.headers[at] : undefined;
    yield {
      kind: 'problem',
      row: line,
      issue: {
        code: 'encoding',
        severity: 'error',
        message: `${column === undefined ? 'the row' : column} is not UTF-8 text (the file looks like Latin-1 or Windows-1252, as older Excel versions save CSV)`,
        expected: 'a UTF-8 file; save the file as UTF-8 CSV (in Excel: Save As "CSV UTF-8")',
        location: {
          file,
          row: line,
          ...(column === undefined ? {} : { column }),
          value: preview([fields[at >= 0 ? at : 0] ?? ''], delimiter),
        },
      },
    };
    return;
  }
  const plain = scan.plain;
  const input = createReadStream(file, { highWaterMark: 1024 * 1024 });
  reader.onStream(input);
  const batches = plain ? plainRecords(input, delimiter) : parsedRecords(input, delimiter);

  const how = reader.delimiterGiven ? 'given' : 'detected';
  const fieldCountProblem = (row: number, record: string[]): TableProblem => ({
    kind: 'problem',
    row,
    issue: {
      code: 'field-count',
      severity: 'error',
      message: `row has ${plural(record.length, 'field')} but the header has ${width}; check the delimiter (${how} ${describeDelimiter(delimiter)}) and quoting`,
      expected: `${plural(width, 'field')}, like the header`,
      location: { file, row, value: preview(record, delimiter) },
    },
  });

  const quotingRowProblem = (row: number, record: string[], field: number): TableProblem => {
    const column = reader.headers[field] ?? `field ${field + 1}`;
    return {
      kind: 'problem',
      row,
      issue: {
        code: 'quoting',
        severity: 'error',
        message: `${column}: a quoted value is followed by more text before the next ${describeDelimiter(delimiter)} (broken quoting)`,
        expected:
          'a value wholly inside quotes ("Carl Lin"), with quotes inside it doubled ("5"" screen")',
        location: { file, row, column, value: preview([record[field] ?? ''], delimiter) },
      },
    };
  };

  let line = 1;
  let lastDataRow = headerEndLine;
  let blankLines = 0;
  // After a blank line, records with the wrong field count wait here: if the file ends before
  // any record with the right count, they are a report footer (Salesforce) and are dropped.
  let footer: Buffered[] | null = null;
  let footerBlankLines = 0;

  try {
    for await (const batch of batches) {
      for (const record of batch) {
        const row = line;
        let lines = 1;
        if (!plain) {
          for (const field of record) {
            if (field.length > 0 && (field.includes('\n') || field.includes('\r'))) {
              lines += lineBreaks(field);
            }
          }
        }
        line += lines;
        if (row <= headerEndLine) continue;
        if (isBlankRecord(record)) {
          if (footer === null) footer = [];
          footerBlankLines += lines;
          continue;
        }
        const wrongCount = record.length !== width;
        if (footer !== null) {
          if (wrongCount && footer.length < MAX_FOOTER_RECORDS) {
            footer.push({ row, lines, record });
            continue;
          }
          // Data after the blank line: what was held back is data with problems, not a footer.
          for (const held of footer) yield fieldCountProblem(held.row, held.record);
          blankLines += footerBlankLines;
          footer = null;
          footerBlankLines = 0;
        }
        lastDataRow = row;
        const badField = plain ? undefined : badQuoting.get(record);
        if (badField !== undefined) yield quotingRowProblem(row, record, badField);
        else if (wrongCount) yield fieldCountProblem(row, record);
        else yield { kind: 'row', row, values: record };
      }
    }
  } catch (error) {
    for (const held of footer ?? []) yield fieldCountProblem(held.row, held.record);
    yield readProblem(file, line, error);
    return;
  } finally {
    input.destroy();
    await batches.return(undefined);
  }

  if (footer !== null && footer.length > 0) {
    const first = footer[0];
    const lines = footer.reduce((sum, held) => sum + held.lines, 0);
    reader.notices.push({
      code: 'footer-ignored',
      severity: 'info',
      message: `ignored ${plural(lines, 'line')} after row ${lastDataRow} as a report footer (they follow a blank line and their field count differs from the header's)`,
      location: {
        file,
        row: first?.row ?? lastDataRow,
        value: preview(first?.record ?? [], delimiter),
      },
    });
  }
  if (blankLines > 0) {
    reader.notices.push({
      code: 'blank-lines-skipped',
      severity: 'info',
      message: `skipped ${plural(blankLines, 'blank line')}`,
      location: { file },
    });
  }
}

/**
 * Everything the parser has buffered, or null at the end. Taking records in batches rather than
 * through the stream's async iterator saves a promise per record on million-row files.
 */
function nextBatch(parser: Parser): Promise<string[][] | null> {
  const take = (): string[][] => {
    const batch: string[][] = [];
    for (let record: unknown = parser.read(); record !== null; record = parser.read()) {
      batch.push(record as string[]);
    }
    return batch;
  };
  const ready = take();
  if (ready.length > 0) return Promise.resolve(ready);
  if (parser.errored !== null) return Promise.reject(parser.errored);
  if (parser.readableEnded) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      parser.off('readable', onReadable);
      parser.off('end', onEnd);
      parser.off('error', onError);
      parser.off('close', onClose);
    };
    const onReadable = (): void => {
      const batch = take();
      if (batch.length > 0) {
        cleanup();
        resolve(batch);
      }
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    // Destroyed without an error or an end: nothing more will come.
    const onClose = (): void => {
      cleanup();
      if (parser.errored !== null) reject(parser.errored);
      else resolve(null);
    };
    parser.on('readable', onReadable);
    parser.on('end', onEnd);
    parser.on('error', onError);
    parser.on('close', onClose);
  });
}

function readProblem(file: string, row: number, error: unknown): TableProblem {
  if (error instanceof CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return { kind: 'problem', row, issue: unterminatedQuote(file, row, 'this row') };
  }
  if (error instanceof CsvError && error.code === 'CSV_MAX_RECORD_SIZE') {
    return {
      kind: 'problem',
      row,
      issue: {
        code: 'unterminated-quote',
        severity: 'error',
        message:
          'this row is longer than 16 MB, so a quoted value is probably never closed; the rest of the file cannot be read',
        expected: 'a closing " for every opening " (a quote inside a quoted value is written "")',
        location: { file, row },
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'problem',
    row,
    issue: {
      code: error instanceof CsvError ? 'csv-invalid' : 'file-unreadable',
      severity: 'error',
      message: `reading stopped here: ${message}`,
      location: { file, row },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// XLSX

// The streaming reader (ExcelJS stream.xlsx.WorkbookReader) keeps memory flat on big workbooks.
// Its typings omit what it sets at runtime (sheet names, the workbook's sheet list, date1904),
// so the parts used are described here.
interface SheetEntry {
  name: string;
  state?: string;
}
interface StreamedSheet {
  name: string;
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.Row>;
}
interface StreamedWorkbook {
  model?: { sheets?: SheetEntry[] };
  properties?: { model?: { date1904?: boolean } };
  [Symbol.asyncIterator](): AsyncIterator<StreamedSheet>;
}

function xlsxInvalid(file: string, detail: string): Issue {
  return fileIssue(
    file,
    'xlsx-invalid',
    `the workbook cannot be read: ${detail}`,
    'an .xlsx workbook saved by Excel, or a CSV file',
  );
}

/** Number formats that show a serial day number as a date (ExcelJS's rule for plain cells). */
function isDateFormat(format: string | undefined): boolean {
  if (format === undefined || format === '') return false;
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

function dateToIso(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  return isoDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function serialToIso(serial: number, date1904: boolean): string {
  const days = serial - 25569 + (date1904 ? 1462 : 0);
  return dateToIso(new Date(Math.round(days * 86_400_000)));
}

type ScalarResult = number | string | boolean | Date | ExcelJS.CellErrorValue | undefined;

function scalarToCell(value: ScalarResult): CellValue {
  if (value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateToIso(value);
  return value.error;
}

/**
 * A cell as text or number: formulas give their result, rich text and links their text. A
 * formula without a stored result (a workbook written by a program that does not calculate)
 * reads as empty and is reported through `uncalculated`.
 */
function toCellValue(
  cell: ExcelJS.Cell,
  date1904: boolean,
  uncalculated?: (column: number) => void,
): CellValue {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object' || value instanceof Date) return scalarToCell(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined) {
      uncalculated?.(Number(cell.col));
      return '';
    }
    // The streaming reader leaves formula results as serial numbers even in date cells.
    if (typeof result === 'number' && isDateFormat(cell.numFmt))
      return serialToIso(result, date1904);
    return scalarToCell(result);
  }
  if ('hyperlink' in value) {
    const text: unknown = value.text;
    if (typeof text === 'string') return text;
    if (typeof text === 'object' && text !== null && 'richText' in text) {
      return (text as ExcelJS.CellRichTextValue).richText.map((run) => run.text).join('');
    }
    return '';
  }
  return '';
}

function rowValues(
  row: ExcelJS.Row,
  date1904: boolean,
  uncalculated?: (column: number) => void,
): CellValue[] {
  const values: CellValue[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    while (values.length < column - 1) values.push('');
    values[column - 1] = toCellValue(cell, date1904, uncalculated);
  });
  return values;
}

function isBlankValue(value: CellValue): boolean {
  return typeof value === 'string' && value.trim() === '';
}

/**
 * ExcelJS's streaming reader now and then (about 1 open in 200 under load) fails on a sound file
 * with a TypeError of its own ("reading 'sheets'" of a workbook model it has not parsed yet): an
 * internal race, not a problem of the file. Such a failure is retried twice before it is believed;
 * a broken file fails the same way every time, with its own message.
 */
async function openXlsxRetrying(
  path: string,
  sizeBytes: number,
  options: OpenTableOptions,
): Promise<Result<Table>> {
  let result = await openXlsx(path, sizeBytes, options);
  for (
    let attempt = 1;
    attempt < 3 && !result.ok && result.issues[0]?.code === INTERNAL_FAILURE;
    attempt++
  ) {
    result = await openXlsx(path, sizeBytes, options);
  }
  if (!result.ok && result.issues[0]?.code === INTERNAL_FAILURE) {
    return fail(...result.issues.map((issue) => ({ ...issue, code: 'xlsx-invalid' })));
  }
  return result;
}

/** Marks a TypeError thrown inside ExcelJS while opening, for openXlsxRetrying. */
const INTERNAL_FAILURE = 'xlsx-reader-internal';

async function openXlsx(
  path: string,
  sizeBytes: number,
  options: OpenTableOptions,
): Promise<Result<Table>> {
  // Loaded on demand: ExcelJS takes a noticeable time to load and CSV imports never need it.
  const { default: excel } = await import('exceljs');
  const input = createReadStream(path);
  const workbook = new excel.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Needed to tell date cells from numbers.
    styles: 'cache',
    entries: 'ignore',
  }) as unknown as StreamedWorkbook;
  const closeInput = (): void => {
    input.destroy();
  };

  let sheet: StreamedSheet | null = null;
  let sheetNames: string[] = [];
  let rowIterator: AsyncIterator<ExcelJS.Row>;
  let header: { row: number; values: CellValue[] } | null = null;
  try {
    const sheets = workbook[Symbol.asyncIterator]();
    for (;;) {
      const next = await sheets.next();
      if (next.done === true) break;
      sheetNames = (workbook.model?.sheets ?? []).map((s) => s.name);
      const wanted = options.sheet ?? sheetNames[0] ?? next.value.name;
      if (next.value.name === wanted) {
        sheet = next.value;
        break;
      }
      // Read a skipped sheet to its end before asking for the next one. ExcelJS parks sheets
      // that precede the shared strings in temporary files and deletes a sheet's file as soon as
      // the next sheet is requested: a file stream still opening then fails with an uncaught
      // ENOENT (seen in CI, under load).
      const skipped = next.value[Symbol.asyncIterator]();
      while ((await skipped.next()).done !== true);
    }
    if (sheet === null) {
      closeInput();
      const names = sheetNames.map((n) => JSON.stringify(n)).join(', ');
      return fail(
        options.sheet === undefined
          ? xlsxInvalid(path, 'it has no worksheet')
          : fileIssue(
              path,
              'sheet-not-found',
              `the workbook has no sheet named ${JSON.stringify(options.sheet)}`,
              `one of ${names}`,
            ),
      );
    }
    rowIterator = sheet[Symbol.asyncIterator]();
    const date1904 = workbook.properties?.model?.date1904 === true;
    for (;;) {
      const next = await rowIterator.next();
      if (next.done === true) break;
      const values = rowValues(next.value, date1904);
      if (!values.every(isBlankValue)) {
        header = { row: next.value.number, values };
        break;
      }
    }
  } catch (error) {
    closeInput();
    const detail = error instanceof Error ? error.message : String(error);
    const issue = xlsxInvalid(path, detail);
    return fail(error instanceof TypeError ? { ...issue, code: INTERNAL_FAILURE } : issue);
  }
  const sheetName = sheet.name;
  if (header === null) {
    closeInput();
    return fail(
      fileIssue(
        path,
        'empty-file',
        `the sheet ${JSON.stringify(sheetName)} is empty; expected a header row and at least one data row`,
      ),
    );
  }
  const names = header.values.map((v) => cleanHeader(typeof v === 'number' ? String(v) : v));
  // Formatting often leaves empty cells after the last column: they are not columns.
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const issues = headerIssues(path, names, header.row);
  if (issues.length > 0) {
    closeInput();
    return fail(...issues);
  }

  const notices: Issue[] = [];
  if (options.sheet === undefined && sheetNames.length > 1) {
    const others = sheetNames.filter((n) => n !== sheetName).map((n) => JSON.stringify(n));
    notices.push({
      code: 'sheet-chosen',
      severity: 'info',
      message: `read the first sheet ${JSON.stringify(sheetName)}; the workbook also has ${others.join(', ')}`,
      location: { file: path },
    });
  }
  let used = false;
  const reader: XlsxReader = {
    file: path,
    headerRow: header.row,
    width: names.length,
    headers: names,
    rows: rowIterator,
    date1904: workbook.properties?.model?.date1904 === true,
    notices,
    close: closeInput,
  };
  return ok({
    file: path,
    format: 'xlsx',
    delimiter: null,
    headers: names,
    sizeBytes,
    bytesRead: () => input.bytesRead,
    rows: () => {
      if (used) throw new TableReusedError(path);
      used = true;
      return xlsxRows(reader);
    },
    notices: () => [...notices],
    close: closeInput,
  });
}

interface XlsxReader {
  file: string;
  headerRow: number;
  width: number;
  headers: readonly string[];
  rows: AsyncIterator<ExcelJS.Row>;
  date1904: boolean;
  notices: Issue[];
  close: () => void;
}

async function* xlsxRows(reader: XlsxReader): AsyncGenerator<TableRow | TableProblem> {
  const { file, width } = reader;
  let blankRows = 0;
  let pendingBlank = 0;
  let lastRow = reader.headerRow;
  let uncalculated = 0;
  let firstUncalculated: { row: number; column: number } | null = null;
  try {
    for (;;) {
      const next = await reader.rows.next();
      if (next.done === true) break;
      const row = next.value.number;
      // Rows with nothing in them are usually absent from the sheet's XML: count the gap.
      pendingBlank += Math.max(0, row - lastRow - 1);
      lastRow = row;
      const values = rowValues(next.value, reader.date1904, (column) => {
        uncalculated++;
        firstUncalculated ??= { row, column };
      });
      if (values.every(isBlankValue)) {
        pendingBlank++;
        continue;
      }
      // Blank rows count only between data rows; trailing ones are just the sheet's end.
      blankRows += pendingBlank;
      pendingBlank = 0;
      let last = values.length;
      while (last > width && isBlankValue(values[last - 1] ?? '')) last--;
      if (last > width) {
        yield {
          kind: 'problem',
          row,
          issue: {
            code: 'field-count',
            severity: 'error',
            message: `row has values in ${plural(last, 'column')} but the header has ${width}`,
            expected: `values only under the ${plural(width, 'header column')}`,
            location: { file, row },
          },
        };
        continue;
      }
      values.length = last;
      while (values.length < width) values.push('');
      yield { kind: 'row', row, values };
    }
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    yield {
      kind: 'problem',
      row: lastRow + 1,
      issue: { ...xlsxInvalid(file, detail), location: { file, row: lastRow + 1 } },
    };
  } finally {
    reader.close();
  }
  if (blankRows > 0) {
    reader.notices.push({
      code: 'blank-lines-skipped',
      severity: 'info',
      message: `skipped ${plural(blankRows, 'empty row')}`,
      location: { file },
    });
  }
  const first = firstUncalculated as { row: number; column: number } | null;
  if (first !== null) {
    const column = reader.headers[first.column - 1] ?? `column ${first.column}`;
    reader.notices.push({
      code: 'formula-without-value',
      severity: 'warning',
      message: `${plural(uncalculated, 'formula cell')} without a stored result read as empty (first: row ${first.row}, column ${column}); the workbook was saved by a program that does not calculate`,
      expected:
        'values, or formulas with their results: open the workbook in Excel or LibreOffice and save it again',
      location: { file, row: first.row, column },
    });
  }
}
