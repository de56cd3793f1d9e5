// Mapping files: the documented examples load, and every mistake names its key path, line, value
// and what was expected.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMappingFile, matchesGlob, parseMappingText } from './mapping-file.ts';

const root = join(import.meta.dirname, '..', '..', '..');

describe('loadMappingFile', () => {
  it('loads the reference example with every key', async () => {
    const result = await loadMappingFile(join(root, 'examples', 'mapping-reference.yaml'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const m = result.value;
    expect(m.preset).toBe('generic');
    expect(m.dateFormat).toBe('MDY');
    expect(m.currency).toBe('USD');
    expect(m.values.status).toMatchObject({ Signed: 'won', Dead: 'lost' });
    expect(m.files[0]).toMatchObject({
      match: 'opps*.csv',
      entity: 'deals',
      columns: { id: 'Opp Number', amount: 'ACV' },
      constants: { currency: 'EUR', type: 'new_business' },
    });
  });

  it('loads the Salvirt example with $row ids and a semicolon delimiter', async () => {
    const result = await loadMappingFile(join(root, 'examples', 'salvirt-mapping.yaml'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.files[0]?.columns.id).toBe('$row');
    expect(result.value.files[0]?.delimiter).toBe(';');
    expect(result.value.basis).toBe('count');
  });

  it('says when the file cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-mapping-'));
    const result = await loadMappingFile(join(dir, 'missing.yaml'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.code).toBe('mapping-unreadable');
  });

  it('names the key path, line, value and expected values of a bad entity', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qp-mapping-'));
    const path = join(dir, 'map.yaml');
    await writeFile(path, 'preset: generic\nfiles:\n  - match: "a*.csv"\n    entity: dealz\n');
    const result = await loadMappingFile(path);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues[0];
    expect(issue?.message).toContain('files[0].entity');
    expect(issue?.location).toEqual({ file: 'map.yaml', row: 4, value: 'dealz' });
    expect(issue?.expected).toContain('deals');
    expect(issue?.expected).toContain('ignore');
  });
});

describe('parseMappingText', () => {
  it('reports an unknown key with the keys that are allowed', () => {
    const result = parseMappingText('preset: maven\ndate_fromat: MDY\n', 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.message).toContain('date_fromat');
    expect(result.issues[0]?.location).toMatchObject({ file: 'm.yaml', row: 2, value: 'MDY' });
    expect(result.issues[0]?.expected).toContain('date_format');
  });

  it('reports a column mapped to a field the entity does not have', () => {
    const text = 'files:\n  - match: "x.csv"\n    entity: deals\n    columns:\n      amnt: ACV\n';
    const result = parseMappingText(text, 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues[0];
    expect(issue?.message).toContain('files[0].columns.amnt');
    expect(issue?.location).toMatchObject({ row: 5, value: 'amnt' });
    expect(issue?.expected).toContain('amount');
  });

  it('reports a value map entry that is not a status', () => {
    const result = parseMappingText('values:\n  status:\n    Signed: closed\n', 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toContain('values.status.Signed');
    expect(result.issues[0]?.location).toMatchObject({ row: 3, value: 'closed' });
    expect(result.issues[0]?.expected).toBe('one of won, lost, open');
  });

  it('reports a bad preset, currency and locale together', () => {
    const result = parseMappingText('preset: pipedrive\ncurrency: euro\n', 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.message);
    expect(paths.some((m) => m.includes('"preset"'))).toBe(true);
    expect(paths.some((m) => m.includes('"currency"'))).toBe(true);
    const currency = result.issues.find((i) => i.message.includes('"currency"'));
    expect(currency?.expected).toBe('a 3-letter currency code like EUR');
    expect(currency?.location).toMatchObject({ row: 2, value: 'euro' });
  });

  it('reports a locale that is not a locale tag', () => {
    const result = parseMappingText('locale: "not a locale!"\n', 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toContain('"locale"');
    expect(result.issues[0]?.expected).toContain('de-DE');
  });

  it('refuses __proto__, constructor and prototype keys, which zod would drop without a word', () => {
    const result = parseMappingText(
      'files:\n  - match: "*.csv"\n    columns:\n      __proto__: x\n      constructor: y\n',
      'm.yaml',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.message)).toEqual([
      'key "files[0].columns.__proto__": unknown key "__proto__"',
      'key "files[0].columns.constructor": unknown key "constructor"',
    ]);
    expect(result.issues[0]?.location?.row).toBe(4);
  });

  it('refuses a NUL character, which the import could not store with the mapping', () => {
    const result = parseMappingText('files:\n  - match: "a\\0.csv"\n', 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toBe('key "files[0].match": holds a NUL character');
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      lines.push(`${name}: &${name} [${new Array<string>(9).fill(`*${previous}`).join(',')}]`);
    }
    const result = parseMappingText(lines.join('\n'), 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toContain('the aliases cannot be expanded');
  });

  it('reports YAML syntax errors with their line', () => {
    const result = parseMappingText('values:\n  status: {Signed: won\n', 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toContain('not valid YAML');
    expect(result.issues[0]?.location?.row).toBeGreaterThanOrEqual(2);
  });

  it('accepts numbers and booleans as constants and header names', () => {
    const text =
      'files:\n  - match: "*.csv"\n    constants: { probability: 0.5 }\n    columns: { id: 2024 }\n';
    const result = parseMappingText(text, 'm.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.files[0]?.constants).toEqual({ probability: '0.5' });
    expect(result.value.files[0]?.columns).toEqual({ id: '2024' });
  });

  it('reads JSON (a subset of YAML) and null for a field the file does not have', () => {
    const text = JSON.stringify({
      files: [{ match: 'x.csv', entity: 'deals', columns: { id: 'Ref', account_id: null } }],
    });
    const result = parseMappingText(text, 'mapping');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.files[0]?.columns).toEqual({ id: 'Ref', account_id: null });
  });

  it('says what a column may be when it is neither a header nor null', () => {
    const text = 'files:\n  - match: x\n    entity: deals\n    columns:\n      id: [a, b]\n';
    const result = parseMappingText(text, 'm.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.message).toContain('files[0].columns.id');
    expect(result.issues[0]?.location).toMatchObject({ row: 5 });
    expect(result.issues[0]?.expected).toBe(
      'a header of the file, $row for the row number, or null (not in this file)',
    );
  });
});

describe('matchesGlob', () => {
  it('matches * and ? on the file name, case-insensitively', () => {
    expect(matchesGlob('Opps-2024.CSV', 'opps*.csv')).toBe(true);
    expect(matchesGlob('deals.csv', 'opps*.csv')).toBe(false);
    expect(matchesGlob('rep1.csv', 'rep?.csv')).toBe(true);
    expect(matchesGlob('a+b(1).csv', 'a+b(1).csv')).toBe(true);
  });
});
