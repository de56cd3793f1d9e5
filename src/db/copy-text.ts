// Postgres COPY text format, both ways: one line per row, fields split by tabs, \N for NULL and
// backslash escapes for backslash, tab, newline and carriage return. Empty string ≠ NULL.

/** A NULL field, as COPY writes and reads it. */
export const COPY_NULL = '\\N';

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const TO_ESCAPE = /[\\\t\n\r]/g;

/** A string as one COPY field: backslash, tab, newline and carriage return escaped. */
export function escapeCopyField(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(TO_ESCAPE, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

const ESCAPED = /\\(.)/gs;
const UNESCAPE: Record<string, string> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** The string a non-NULL COPY field stands for (check for COPY_NULL first). */
export function unescapeCopyField(field: string): string {
  if (!field.includes('\\')) return field;
  return field.replace(ESCAPED, (_, c: string) => UNESCAPE[c] ?? c);
}

/** A Postgres array literal of strings ('{"a","b"}'), before COPY escaping. */
export function formatTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

/** The elements of a one-dimensional text array literal; NULL elements come back as null. */
export function parseTextArray(literal: string): (string | null)[] {
  if (literal.length < 2 || literal[0] !== '{' || literal[literal.length - 1] !== '}') {
    throw new Error(`not an array literal: ${literal}`);
  }
  const out: (string | null)[] = [];
  const body = literal.slice(1, -1);
  if (body === '') return out;
  let i = 0;
  while (i <= body.length) {
    if (body[i] === '"') {
      let value = '';
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === '\\') i++;
        value += body[i] ?? '';
        i++;
      }
      out.push(value);
      i += 2; // closing quote and comma
    } else {
      const end = body.indexOf(',', i);
      const raw = body.slice(i, end === -1 ? body.length : end).trim();
      out.push(raw.toUpperCase() === 'NULL' ? null : raw);
      i = end === -1 ? body.length + 1 : end + 1;
    }
  }
  return out;
}

/**
 * Splits COPY text output into rows of raw (still escaped) fields and hands each to `onRow`.
 * Chunks may break anywhere; a raw newline always ends a row because newlines in values are
 * escaped.
 */
export async function readCopyRows(
  chunks: AsyncIterable<string> | Iterable<string>,
  onRow: (fields: string[]) => void,
): Promise<number> {
  let carry = '';
  let count = 0;
  for await (const chunk of chunks) {
    const text = carry + chunk;
    const end = text.lastIndexOf('\n');
    if (end === -1) {
      carry = text;
      continue;
    }
    carry = text.slice(end + 1);
    const lines = text.slice(0, end).split('\n');
    for (const line of lines) {
      onRow(line.split('\t'));
      count++;
    }
  }
  if (carry !== '') {
    onRow(carry.split('\t'));
    count++;
  }
  return count;
}

/** A string as a quoted SQL literal (standard_conforming_strings is on in every supported server). */
export function sqlLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('SQL text cannot contain NUL characters');
  return `'${value.replaceAll("'", "''")}'`;
}
