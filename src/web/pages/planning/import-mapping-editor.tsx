// "Map columns" in the import wizard: for each uploaded file, what it holds and, for each field of
// that entity (required ones marked), which of the file's columns gives it, with the column's
// sample values; the CSV delimiter, the date order and the basis; and a meaning for each stage or
// type value a check could not place. Edits go to the draft; nothing is sent from here.

import { useId } from 'react';
import { DEAL_STATUSES, DEAL_TYPES } from '../../../core/model.ts';
import { DATE_ORDERS, DELIMITERS, ROW_NUMBER, columnsFor } from '../../import-mapping.ts';
import type { CatalogEntity, FileMapping, MappingDraft } from '../../import-mapping.ts';
import type { PreviewFile } from '../../planning-api.ts';
import { delimiterName } from './import-preview.tsx';

const ENTITY_LABELS: Record<string, string> = {
  deals: 'Deals (opportunities)',
  reps: 'Reps (the roster)',
  accounts: 'Accounts',
  territories: 'Territories',
  products: 'Products',
  rates: 'Currency rates',
  splits: 'Credit splits',
  ignore: 'Nothing to import: ignore the file',
};

const KIND_WORDS: Record<string, string> = {
  id: 'id',
  text: 'text',
  date: 'date',
  money: 'amount',
  number: 'number',
  integer: 'whole number',
  probability: 'fraction or %',
  boolean: 'yes / no',
  status: 'won, lost or open',
  type: 'deal type',
  currency: 'currency code',
  role: 'role code',
};

const DATE_ORDER_WORDS: Record<(typeof DATE_ORDERS)[number], string> = {
  ISO: 'year first (2024-03-31)',
  MDY: 'month first (3/31/2024)',
  DMY: 'day first (31/3/2024)',
};

function samplesOf(file: PreviewFile | undefined, column: string): string {
  if (column === '') return '';
  if (column === ROW_NUMBER) return 'the row number: 2, 3, 4 …';
  const header = file?.headers.find((h) => h.name === column);
  if (header === undefined) return 'this column is not in the file';
  return header.samples.length === 0 ? '(empty in the first rows)' : header.samples.join(' · ');
}

function FileEditor({
  index,
  mapping,
  file,
  catalog,
  onChange,
}: {
  index: number;
  mapping: FileMapping;
  file: PreviewFile | undefined;
  catalog: readonly CatalogEntity[];
  onChange: (next: FileMapping) => void;
}) {
  const id = `${useId()}-file-${index}`;
  const info = catalog.find((e) => e.entity === mapping.entity);
  const headers = file?.headers.map((h) => h.name) ?? [];
  const oneOf = new Set(info?.requiredOneOf.flat() ?? []);
  return (
    <fieldset className="map-file" data-testid={`map-${mapping.name}`}>
      <legend>{mapping.name}</legend>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-entity`}>What {mapping.name} holds</label>
          <select
            id={`${id}-entity`}
            value={mapping.entity}
            onChange={(event) => {
              const entity = event.target.value;
              onChange({
                ...mapping,
                entity,
                columns:
                  entity === 'ignore' || file === undefined
                    ? {}
                    : columnsFor(file, entity, catalog),
              });
            }}
          >
            {[...catalog.map((e) => e.entity), 'ignore'].map((entity) => (
              <option key={entity} value={entity}>
                {ENTITY_LABELS[entity] ?? entity}
              </option>
            ))}
          </select>
        </div>
        {file?.format === 'csv' && (
          <div className="field">
            <label htmlFor={`${id}-delimiter`}>Columns separated by</label>
            <select
              id={`${id}-delimiter`}
              value={mapping.delimiter}
              onChange={(event) => {
                onChange({ ...mapping, delimiter: event.target.value });
              }}
            >
              <option value="">
                {file.delimiter === null
                  ? 'as detected'
                  : `as detected (${delimiterName(file.delimiter)})`}
              </option>
              {DELIMITERS.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {file?.status === 'unreadable' && (
        <p className="error-text">
          This file cannot be read as a table: {file.issues.map((i) => i.message).join('; ')}
        </p>
      )}
      {mapping.delimiter !== '' && (
        <p className="small">
          Check again to read the columns with the new separator; the lists below show the columns
          of the last check.
        </p>
      )}
      {info !== undefined && (
        <>
          {info.requiredOneOf.map((group) => (
            <p className="small" key={group.join()}>
              At least one of {group.join(', ')} must have a column: it says whether a deal is won,
              lost or open.
            </p>
          ))}
          <div className="table-wrap">
            <table className="compact map-table">
              <caption className="visually-hidden">
                Columns of {mapping.name} for each field of {mapping.entity}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Field</th>
                  <th scope="col">Column in {mapping.name}</th>
                  <th scope="col">Values in the first rows</th>
                </tr>
              </thead>
              <tbody>
                {info.fields.map((field) => {
                  const column = mapping.columns[field.name] ?? '';
                  const selectId = `${id}-field-${field.name}`;
                  const known = column === '' || column === ROW_NUMBER || headers.includes(column);
                  return (
                    <tr key={field.name} data-field={field.name}>
                      <th scope="row">
                        <label htmlFor={selectId}>{field.name}</label>
                        {field.required && <span className="tag tag-required">required</span>}
                        {oneOf.has(field.name) && <span className="tag">one of</span>}
                        <span className="small kind"> {KIND_WORDS[field.kind] ?? field.kind}</span>
                      </th>
                      <td>
                        <select
                          id={selectId}
                          value={column}
                          onChange={(event) => {
                            onChange({
                              ...mapping,
                              columns: { ...mapping.columns, [field.name]: event.target.value },
                            });
                          }}
                        >
                          <option value="">not in this file</option>
                          {field.name === 'id' && (
                            <option value={ROW_NUMBER}>the row number</option>
                          )}
                          {!known && <option value={column}>{column} (not in the file)</option>}
                          {headers.map((h) => (
                            <option key={h} value={h}>
                              {h}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td className="samples">{samplesOf(file, column)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </fieldset>
  );
}

function ValueMaps({
  draft,
  onChange,
}: {
  draft: MappingDraft;
  onChange: (next: MappingDraft) => void;
}) {
  const id = useId();
  const groups = [
    {
      key: 'status' as const,
      title: 'Stage or status values',
      choices: DEAL_STATUSES,
      unset: 'no meaning (kept open, flagged)',
    },
    {
      key: 'type' as const,
      title: 'Deal type values',
      choices: DEAL_TYPES,
      unset: 'no meaning (type left empty, flagged)',
    },
  ].filter((g) => Object.keys(draft.values[g.key]).length > 0);
  if (groups.length === 0) return null;
  return (
    <fieldset className="map-file" data-testid="value-maps">
      <legend>Values the check could not place</legend>
      <p className="small">Say what each value means; they apply to every file of this import.</p>
      <div className="filters">
        {groups.flatMap((g) =>
          Object.entries(draft.values[g.key]).map(([value, meaning], i) => (
            <div className="field" key={`${g.key}:${value}`}>
              <label htmlFor={`${id}-${g.key}-${i}`}>
                {g.title}: “{value}”
              </label>
              <select
                id={`${id}-${g.key}-${i}`}
                value={meaning}
                onChange={(event) => {
                  onChange({
                    ...draft,
                    values: {
                      ...draft.values,
                      [g.key]: { ...draft.values[g.key], [value]: event.target.value },
                    },
                  });
                }}
              >
                <option value="">{g.unset}</option>
                {g.choices.map((c) => (
                  <option key={c} value={c}>
                    {c.replace('_', ' ')}
                  </option>
                ))}
              </select>
            </div>
          )),
        )}
      </div>
    </fieldset>
  );
}

export function MappingEditor({
  draft,
  files,
  catalog,
  onChange,
}: {
  draft: MappingDraft;
  /** The files as the last check read them (their columns and sample values). */
  files: readonly PreviewFile[];
  catalog: readonly CatalogEntity[];
  onChange: (next: MappingDraft) => void;
}) {
  const id = useId();
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="mapping-editor">
      <h2 id={`${id}-title`}>2. Map the columns</h2>
      <p className="small">
        For each file, say what it holds and which of its columns gives each field. Fields marked
        required need a column; the others may stay “not in this file”.
      </p>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-dates`}>Dates written</label>
          <select
            id={`${id}-dates`}
            value={draft.dateFormat}
            onChange={(event) => {
              onChange({ ...draft, dateFormat: event.target.value as MappingDraft['dateFormat'] });
            }}
          >
            <option value="">as the values show (inferred per file)</option>
            {DATE_ORDERS.map((d) => (
              <option key={d} value={d}>
                {DATE_ORDER_WORDS[d]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-basis`}>Quotas count</label>
          <select
            id={`${id}-basis`}
            value={draft.basis}
            onChange={(event) => {
              onChange({ ...draft, basis: event.target.value as MappingDraft['basis'] });
            }}
          >
            <option value="">the preset’s choice (amounts, usually)</option>
            <option value="amount">amounts (money)</option>
            <option value="count">won deals (for data without reliable amounts)</option>
          </select>
        </div>
      </div>
      {draft.files.map((mapping, i) => (
        <FileEditor
          key={`${String(i)}:${mapping.name}`}
          index={i}
          mapping={mapping}
          file={files.find((f) => f.name === mapping.name)}
          catalog={catalog}
          onChange={(next) => {
            onChange({ ...draft, files: draft.files.map((m, j) => (j === i ? next : m)) });
          }}
        />
      ))}
      <ValueMaps draft={draft} onChange={onChange} />
    </section>
  );
}
