// The plan of one file, settled from its name and header before any row is read: which entity it
// holds, which column feeds each field (or a constant, or the row number), which value maps apply.

import type { CurrencyCode, EntityName } from '../../core/model.ts';
import { ENTITY_NAMES } from '../../core/model.ts';
import type { Issue } from '../../core/issue.ts';
import { DEAL_STATUS_FIELDS, ENTITY_FIELDS, normalizeHeader } from './fields.ts';
import type { FieldSpec } from './fields.ts';
import { ROW_COLUMN, matchesGlob } from './mapping-file.ts';
import type { MappingFile, MappingFileRule } from './mapping-file.ts';
import { hasHeaders } from './presets.ts';
import type { FileRule, FileUse, Preset, ProbabilityScale } from './presets.ts';
import type { FieldSource } from './readers.ts';
import { BASE_STATUS, BASE_TYPE, mergeValueMaps } from './value-maps.ts';
import type { ValueMaps } from './value-maps.ts';

/** One input file as the caller named it. */
export interface SourceFile {
  /** Position in the caller's list: errors are reported in this order. */
  readonly index: number;
  readonly path: string;
  /** File name without folders: what issues name. */
  readonly name: string;
  /** File name without extension: row-number ids are `<stem>-<row>`. */
  readonly stem: string;
}

export interface FilePlan {
  readonly file: SourceFile;
  readonly use: FileUse;
  readonly entity: EntityName | null;
  /** Which rule decided ('generic deals', 'Maven sales_pipeline', 'mapping files[0]'). */
  readonly label: string;
  readonly ignoreReason: string | null;
  readonly sources: ReadonlyMap<string, FieldSource>;
  /** Model field → header used (only fields read from a column). */
  readonly columns: Record<string, string>;
  readonly values: ValueMaps;
  readonly probability: ProbabilityScale;
  readonly scale: Readonly<Record<string, number>>;
  readonly invert: ReadonlySet<string>;
  /** Currency of amounts when there is no currency column (mapping, then preset). */
  readonly currency: CurrencyCode | null;
  readonly generatedId: 'salesforce-report' | null;
  /**
   * Fields the mapping (`columns: { amount: null }`) or the preset says this file does not have:
   * their absence is meant, not an oversight.
   */
  readonly declaredAbsent: ReadonlySet<string>;
}

/** The mapping file's rule for a file name, with its position (for labels). */
export function mappingRuleFor(
  name: string,
  mapping: MappingFile | undefined,
): { rule: MappingFileRule; index: number } | null {
  const rules = mapping?.files ?? [];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule !== undefined && matchesGlob(name, rule.match)) return { rule, index: i };
  }
  return null;
}

// The leading word of a file name that tells the entity in the generic layout ('deals-2024.csv',
// 'Opportunity.csv', 'CurrencyType.csv').
const NAME_WORDS: Readonly<Record<string, EntityName>> = {
  deals: 'deals',
  deal: 'deals',
  opportunities: 'deals',
  opportunity: 'deals',
  opps: 'deals',
  reps: 'reps',
  rep: 'reps',
  users: 'reps',
  user: 'reps',
  roster: 'reps',
  territories: 'territories',
  territory: 'territories',
  accounts: 'accounts',
  account: 'accounts',
  companies: 'accounts',
  products: 'products',
  product: 'products',
  rates: 'rates',
  rate: 'rates',
  currencytype: 'rates',
  splits: 'splits',
  split: 'splits',
};

function leadingWord(name: string): string {
  let word = '';
  for (const ch of name.toLowerCase()) {
    if (ch >= 'a' && ch <= 'z') word += ch;
    else break;
  }
  return word;
}

/** Header index by normalized header; the first of two equal headers wins. */
export function headerIndex(headers: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  headers.forEach((header, i) => {
    const key = normalizeHeader(header);
    if (key !== '' && !index.has(key)) index.set(key, i);
  });
  return index;
}

function findAlias(index: ReadonlyMap<string, number>, aliases: readonly string[]): number {
  for (const alias of aliases) {
    const i = index.get(normalizeHeader(alias));
    if (i !== undefined) return i;
  }
  return -1;
}

/**
 * Field → header that the field's usual names find among `headers`, for a file read as `entity`
 * (what the importer would take without a mapping, before any preset's own names).
 */
export function suggestColumns(
  entity: EntityName,
  headers: readonly string[],
): Record<string, string> {
  const index = headerIndex(headers);
  const out: Record<string, string> = {};
  for (const spec of ENTITY_FIELDS[entity]) {
    const i = findAlias(index, spec.aliases);
    const header = i >= 0 ? headers[i] : undefined;
    if (header !== undefined) out[spec.name] = header;
  }
  return out;
}

function matchedFields(
  entity: EntityName,
  index: ReadonlyMap<string, number>,
): {
  required: boolean;
  count: number;
} {
  let count = 0;
  let required = true;
  for (const spec of ENTITY_FIELDS[entity]) {
    const found = findAlias(index, spec.aliases) >= 0;
    if (found) count++;
    else if (spec.required) required = false;
  }
  return { required, count };
}

/**
 * The entity of a generic-layout file: by the leading word of its name, else the entity whose
 * required columns are all present and which matches the most columns (null when none or a tie).
 */
export function genericEntity(
  name: string,
  headers: readonly string[],
): { entity: EntityName; by: 'name' | 'headers' } | { entity: null; tied: EntityName[] } {
  const byName = NAME_WORDS[leadingWord(name)];
  if (byName !== undefined) return { entity: byName, by: 'name' };
  const index = headerIndex(headers);
  let best: EntityName[] = [];
  let bestCount = 0;
  for (const entity of ENTITY_NAMES) {
    const m = matchedFields(entity, index);
    if (!m.required) continue;
    if (m.count > bestCount) {
      best = [entity];
      bestCount = m.count;
    } else if (m.count === bestCount) {
      best.push(entity);
    }
  }
  const only = best[0];
  if (best.length === 1 && only !== undefined) return { entity: only, by: 'headers' };
  return { entity: null, tied: best };
}

export interface PlanInput {
  file: SourceFile;
  headers: readonly string[];
  preset: Preset;
  mapping: MappingFile | undefined;
}

function quoteList(items: readonly string[], max = 8): string {
  const shown = items.slice(0, max).map((s) => `"${s}"`);
  if (items.length > max) shown.push(`… (${items.length - max} more)`);
  return shown.join(', ');
}

function fileIssue(file: SourceFile, code: string, message: string, expected?: string): Issue {
  const issue: Issue = { code, severity: 'error', message, location: { file: file.name } };
  if (expected !== undefined) issue.expected = expected;
  return issue;
}

/** Which rule reads the file; null with issues when none does. */
function chooseRule(input: PlanInput):
  | {
      entity: EntityName | null;
      use: FileUse;
      label: string;
      presetRule: FileRule | null;
      mappingRule: MappingFileRule | null;
      ignoreReason: string | null;
    }
  | { issues: Issue[] } {
  const { file, headers, preset, mapping } = input;
  const normalized = new Set(headers.map(normalizeHeader));
  const mapped = mappingRuleFor(file.name, mapping);
  const mappingRule = mapped?.rule ?? null;
  const mappingLabel = mapped === null ? '' : `mapping files[${mapped.index}]`;
  if (mappingRule?.entity === 'ignore') {
    return {
      entity: null,
      use: 'ignore',
      label: mappingLabel,
      presetRule: null,
      mappingRule,
      ignoreReason: `the mapping file says to ignore it (files[${mapped?.index ?? 0}])`,
    };
  }
  const wanted = mappingRule?.entity;
  const presetRule =
    preset.rules.find(
      (r) => hasHeaders(normalized, r.headers) && (wanted === undefined || r.entity === wanted),
    ) ?? null;
  if (wanted !== undefined) {
    return {
      entity: wanted,
      use: presetRule?.use === 'created-dates' ? 'created-dates' : 'records',
      label: mappingLabel,
      presetRule: presetRule?.use === 'ignore' ? null : presetRule,
      mappingRule,
      ignoreReason: null,
    };
  }
  if (presetRule !== null) {
    return {
      entity: presetRule.entity,
      use: presetRule.use,
      label: presetRule.label,
      presetRule: presetRule.use === 'ignore' ? null : presetRule,
      mappingRule,
      ignoreReason: presetRule.ignoreReason ?? null,
    };
  }
  const generic = genericEntity(file.name, headers);
  if (generic.entity !== null) {
    return {
      entity: generic.entity,
      use: 'records',
      label: `generic ${generic.entity} (by ${generic.by})`,
      presetRule: null,
      mappingRule,
      ignoreReason: null,
    };
  }
  const tied = generic.tied;
  const why =
    tied.length > 1
      ? `its columns fit ${tied.join(' and ')} equally`
      : `it matches no file of the ${preset.name} preset and its columns fit no entity`;
  return {
    issues: [
      fileIssue(
        file,
        'file-not-recognised',
        `cannot tell what this file holds: ${why} (headers: ${quoteList(headers)})`,
        `a file named after its entity (${ENTITY_NAMES.join(', ')}), e.g. deals.csv, or a files: rule with entity: in a mapping file`,
      ),
    ],
  };
}

/**
 * Plans a file: the entity and, for each field, its source. Problems that make the file unusable
 * (not recognised, a mapped header that is not there, required columns missing) come back as
 * file-level issues.
 */
export function planFile(input: PlanInput): { plan: FilePlan } | { issues: Issue[] } {
  const chosen = chooseRule(input);
  if ('issues' in chosen) return chosen;
  const { file, headers, preset, mapping } = input;
  const { presetRule, mappingRule } = chosen;
  const values = mergeValueMaps(
    { status: BASE_STATUS, type: BASE_TYPE },
    { status: preset.status },
    mapping?.values,
    mappingRule?.values,
  );
  const base = {
    file,
    use: chosen.use,
    entity: chosen.entity,
    label: chosen.label,
    ignoreReason: chosen.ignoreReason,
    values,
    probability: presetRule?.probability ?? 'auto',
    scale: presetRule?.scale ?? {},
    invert: new Set(presetRule?.invert ?? []),
    currency: mapping?.currency ?? preset.currency ?? null,
    generatedId: null,
    declaredAbsent: new Set<string>([
      ...(presetRule?.absent ?? []),
      ...Object.entries(mappingRule?.columns ?? {})
        .filter(([, header]) => header === null)
        .map(([field]) => field),
    ]),
  } as const;
  if (chosen.entity === null || chosen.use === 'ignore') {
    return { plan: { ...base, sources: new Map(), columns: {} } };
  }
  const entity = chosen.entity;
  const index = headerIndex(headers);
  const sources = new Map<string, FieldSource>();
  const columns: Record<string, string> = {};
  const issues: Issue[] = [];
  const missing: FieldSpec[] = [];
  const optional = new Set(presetRule?.optional ?? []);
  // The created-dates supplement reads only the id and the created date.
  const specs =
    chosen.use === 'created-dates'
      ? ENTITY_FIELDS.deals.filter((s) => s.name === 'id' || s.name === 'created_date')
      : ENTITY_FIELDS[entity];
  for (const spec of specs) {
    const mapped = mappingRule?.columns[spec.name];
    const constant = mappingRule?.constants[spec.name] ?? presetRule?.constants?.[spec.name];
    let source: FieldSource = { kind: 'none' };
    if (mapped === null) {
      // "Not in this file": no column, not even one the usual header names would find; a
      // constant (the mapping's or the preset's) still applies.
      if (constant !== undefined) source = { kind: 'constant', raw: constant };
    } else if (mapped === ROW_COLUMN) {
      source = { kind: 'row' };
    } else if (mapped !== undefined) {
      const i = index.get(normalizeHeader(mapped));
      if (i === undefined) {
        issues.push(
          fileIssue(
            file,
            'mapped-column-missing',
            `the mapping file maps ${spec.name} to the column "${mapped}", which this file does not have (headers: ${quoteList(headers)})`,
            `one of the file's headers, or ${ROW_COLUMN} for the row number`,
          ),
        );
        continue;
      }
      source = { kind: 'column', index: i, header: headers[i] ?? mapped };
    } else if (constant !== undefined && mappingRule?.constants[spec.name] !== undefined) {
      // A constant from the mapping file beats any column the aliases would find.
      source = { kind: 'constant', raw: constant };
    } else {
      const i = findAlias(index, [...(presetRule?.columns?.[spec.name] ?? []), ...spec.aliases]);
      if (i >= 0) source = { kind: 'column', index: i, header: headers[i] ?? spec.name };
      else if (constant !== undefined) source = { kind: 'constant', raw: constant };
    }
    if (source.kind === 'column') columns[spec.name] = source.header;
    if (source.kind === 'row') columns[spec.name] = ROW_COLUMN;
    if (source.kind !== 'none') sources.set(spec.name, source);
    else if (spec.required && !optional.has(spec.name)) missing.push(spec);
  }
  if (missing.length > 0) {
    issues.push(
      fileIssue(
        file,
        'required-columns-missing',
        `no column for ${missing.map((s) => s.name).join(', ')} (required for ${entity}; file read as ${chosen.label}); headers found: ${quoteList(headers, 40)}`,
        missing.map((s) => `${s.name}: a column named ${quoteList(s.aliases, 20)}`).join('; ') +
          ' (or map one in a mapping file: files: - columns:)',
      ),
    );
  }
  if (entity === 'deals' && chosen.use === 'records') {
    const hasStatus = DEAL_STATUS_FIELDS.some((f) => sources.has(f));
    if (!hasStatus) {
      issues.push(
        fileIssue(
          file,
          'status-source-missing',
          `no column says whether a deal is won, lost or open (no status, stage or IsWon column)`,
          'a status or stage column, or constants: { status: won } in a mapping file',
        ),
      );
    }
  }
  if (issues.length > 0) return { issues };
  return {
    plan: {
      ...base,
      sources,
      columns,
      generatedId: sources.has('id') ? null : (presetRule?.generatedId ?? null),
    },
  };
}
