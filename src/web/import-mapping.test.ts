// The wizard's "Map columns" as data: the draft starts from what the dry run read, the document
// it makes is one the mapping-file parser (the CLI's) accepts as meant, and unmapped required
// fields are named before any request.

import { describe, expect, it } from 'vitest';
import { parseMappingText } from '../io/import/mapping-file.ts';
import { mappingCatalog } from '../services/import-service.ts';
import {
  draftOf,
  fileMappingOf,
  mappingDocument,
  mappingYaml,
  unmappedRequired,
  withUnmappedValues,
} from './import-mapping.ts';
import type { MappableFile, MappingDraft } from './import-mapping.ts';

const catalog = mappingCatalog();

const unrecognised: MappableFile = {
  name: 'pipeline export.csv',
  entity: null,
  format: 'csv',
  delimiter: ';',
  columns: {},
  headers: [
    { name: 'Ref', samples: ['PX-1'] },
    { name: 'Seller', samples: ['Ann'] },
    { name: 'Customer', samples: ['Acme'] },
    { name: 'Result', samples: ['Won', 'Lost'] },
  ],
  suggested: { deals: { account_id: 'Customer' }, reps: {} },
};

const roster: MappableFile = {
  name: 'sales_teams.csv',
  entity: 'reps',
  format: 'csv',
  delimiter: ',',
  columns: { id: 'sales_agent', name: 'sales_agent', manager_id: 'manager' },
  headers: [
    { name: 'sales_agent', samples: ['Anna Snelling'] },
    { name: 'manager', samples: ['Dustin Brinkmann'] },
  ],
  suggested: { reps: { id: 'sales_agent', name: 'sales_agent' } },
};

describe('draftOf', () => {
  it('starts from what the dry run read, and an unrecognised file as deals with the usual names', () => {
    const draft = draftOf([unrecognised, roster], catalog, '');
    expect(draft.files[0]?.entity).toBe('deals');
    expect(draft.files[0]?.columns).toMatchObject({ account_id: 'Customer', id: '', owner_id: '' });
    expect(draft.files[1]?.entity).toBe('reps');
    expect(draft.files[1]?.columns).toMatchObject({ id: 'sales_agent', manager_id: 'manager' });
    // Every field of the entity is in the draft, so every select has a value.
    expect(Object.keys(draft.files[1]?.columns ?? {})).toEqual(
      catalog.find((e) => e.entity === 'reps')?.fields.map((f) => f.name),
    );
  });

  it('takes the usual names of another entity when the file is switched to it', () => {
    expect(fileMappingOf(roster, catalog, 'deals').columns.owner_id).toBe('');
    expect(fileMappingOf(unrecognised, catalog, 'ignore').columns).toEqual({});
  });
});

function mapped(): MappingDraft {
  const draft = draftOf([unrecognised, roster], catalog, 'generic');
  const [deals, reps] = draft.files;
  if (deals === undefined || reps === undefined) throw new Error('two files');
  deals.columns = { ...deals.columns, id: '$row', owner_id: 'Seller', status: 'Result' };
  deals.delimiter = '\t';
  reps.entity = 'ignore';
  reps.columns = {};
  draft.dateFormat = 'DMY';
  draft.basis = 'count';
  draft.values = { status: { Pending: 'open', Maybe: '' }, type: { Yes: 'expansion' } };
  return draft;
}

describe('mappingDocument', () => {
  it('writes the chosen columns first, then every other field as null (not in this file)', () => {
    const doc = mappingDocument(mapped(), catalog);
    expect(doc).toMatchObject({
      preset: 'generic',
      date_format: 'DMY',
      basis: 'count',
      values: { status: { Pending: 'open' }, type: { Yes: 'expansion' } },
    });
    const [deals, reps] = doc.files;
    expect(deals).toMatchObject({ match: 'pipeline export.csv', entity: 'deals', delimiter: '\t' });
    expect(Object.entries(deals?.columns ?? {}).slice(0, 4)).toEqual([
      ['id', '$row'],
      ['account_id', 'Customer'],
      ['owner_id', 'Seller'],
      ['status', 'Result'],
    ]);
    expect(deals?.columns?.amount).toBeNull();
    expect(reps).toEqual({ match: 'sales_teams.csv', entity: 'ignore' });
  });

  it('leaves out what was not chosen: no preset, date order, basis or value maps', () => {
    const doc = mappingDocument(draftOf([roster], catalog, ''), catalog);
    expect(Object.keys(doc)).toEqual(['files']);
  });
});

describe('mappingYaml', () => {
  it('is read back by the mapping-file parser exactly as the wizard showed it', () => {
    const yaml = mappingYaml(mapped(), catalog);
    expect(yaml).toMatch(/^# quotaplan mapping, made by the import wizard/);
    expect(yaml).toContain("--mapping this-file.yaml 'pipeline export.csv' sales_teams.csv");
    const parsed = parseMappingText(yaml, 'mapping.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const m = parsed.value;
    expect(m).toMatchObject({ preset: 'generic', dateFormat: 'DMY', basis: 'count' });
    expect(m.values).toEqual({ status: { Pending: 'open' }, type: { Yes: 'expansion' } });
    expect(m.files[0]).toMatchObject({ match: 'pipeline export.csv', delimiter: '\t' });
    expect(m.files[0]?.columns).toMatchObject({
      id: '$row',
      owner_id: 'Seller',
      account_id: 'Customer',
      amount: null,
    });
    expect(m.files[1]?.entity).toBe('ignore');
  });
});

describe('unmappedRequired', () => {
  it('names the file and the required fields without a column, and the deal status group', () => {
    const draft = draftOf([unrecognised, roster], catalog, '');
    expect(unmappedRequired(draft, catalog)).toEqual([
      'pipeline export.csv: deals need a column for id and owner_id (required)',
      'pipeline export.csv: deals need a column for one of is_won, is_closed, status, stage (what says whether a deal is won, lost or open)',
    ]);
    expect(unmappedRequired(mapped(), catalog)).toEqual([]);
  });
});

describe('withUnmappedValues', () => {
  it('adds the stages, statuses and types a check could not place, keeping earlier choices', () => {
    const draft = mapped();
    const next = withUnmappedValues(
      draft,
      [
        { code: 'stage-unmapped', location: { value: 'Pitching' } },
        { code: 'type-unmapped', location: { value: 'No' } },
        { code: 'roster-derived' },
      ],
      [
        { code: 'invalid-status', location: { value: 'Pending' } },
        { code: 'invalid-amount', location: { value: 'lots' } },
      ],
    );
    expect(next.values.status).toEqual({ Pending: 'open', Maybe: '', Pitching: '' });
    expect(next.values.type).toEqual({ Yes: 'expansion', No: '' });
    expect(withUnmappedValues(next, [], [])).toBe(next);
  });
});
