// What a dry run of an import found, as the wizard shows it: each file's status and the columns
// read from it, every column of the file with sample values, the first records as they would be
// stored, row errors (file, row, column, value, expected) and the audit by rule with the rows
// behind each finding. Nothing here is stored.

import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { client, readJson, switchWorkspace } from '../../api.ts';
import type { AuditFindingView, ImportPreview, PreviewFile } from '../../planning-api.ts';

/**
 * Creates a workspace for files that belong apart and switches to it (the app starts afresh
 * there; the files are chosen again). The server makes the admin its admin, audited.
 */
function NewWorkspaceForm() {
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await readJson(
        await client.api.workspaces.$post({ json: { id, name, currency: 'USD' } }),
      );
      switchWorkspace(created.id);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
      setBusy(false);
    }
  };
  return (
    <form
      className="new-workspace"
      data-testid="new-workspace"
      onSubmit={(event) => {
        void submit(event);
      }}
    >
      <div className="field">
        <label htmlFor="new-workspace-id">New workspace id (a-z, 0-9, -)</label>
        <input
          id="new-workspace-id"
          value={id}
          required
          pattern="[a-z0-9][a-z0-9\-]{0,62}"
          onChange={(event) => {
            setId(event.target.value);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="new-workspace-name">Its name</label>
        <input
          id="new-workspace-name"
          value={name}
          required
          maxLength={200}
          onChange={(event) => {
            setName(event.target.value);
          }}
        />
      </div>
      <button type="submit" disabled={busy}>
        Create it and switch to it
      </button>
      {error !== null && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
    </form>
  );
}

const STATUS_WORDS: Record<PreviewFile['status'], string> = {
  recognised: 'recognised',
  ignored: 'ignored',
  unrecognised: 'unrecognised: map its columns',
  refused: 'cannot be read',
  unreadable: 'not a readable table',
};

/** Fields of stored records shown in the parsed rows (provenance and flags left out). */
const HIDDEN_KEYS = new Set(['source', 'derived', 'unmapped']);
/** Money fields: stored as integer cents. */
const CENT_KEYS = new Set([
  'amount',
  'originalAmount',
  'ote',
  'listPrice',
  'annualRevenue',
  'potential',
]);
const MAX_SAMPLE_KEYS = 12;
/** Row errors shown before "Show all" (the server lists at most 200). */
const ERRORS_SHOWN_FIRST = 20;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

function hasValue(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '' && value !== false;
}

function ParsedRows({ entity, count, rows }: { entity: string; count: number; rows: unknown[] }) {
  const records = rows.filter(
    (r): r is Record<string, unknown> => r !== null && typeof r === 'object',
  );
  const first = records[0];
  if (first === undefined) return null;
  const keys = Object.keys(first)
    .filter((k) => !HIDDEN_KEYS.has(k) && records.some((r) => hasValue(r[k])))
    .slice(0, MAX_SAMPLE_KEYS);
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`First ${entity}`}>
      <table className="compact parsed-rows" data-testid={`sample-${entity}`}>
        <caption>
          First {entity} as they would be stored ({count.toLocaleString('en-US')} in all)
        </caption>
        <thead>
          <tr>
            {keys.map((k) => (
              <th scope="col" key={k} className={CENT_KEYS.has(k) ? 'num' : undefined}>
                {CENT_KEYS.has(k) ? `${k} (cents)` : k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {records.map((row, i) => (
            <tr key={i}>
              {keys.map((k) => (
                <td key={k} className={CENT_KEYS.has(k) ? 'num' : undefined}>
                  {cell(row[k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every column of a file with the values of its first rows. */
export function DetectedColumns({ file, open }: { file: PreviewFile; open: boolean }) {
  if (file.headers.length === 0) return null;
  return (
    <details className="detected" open={open} data-testid={`columns-${file.name}`}>
      <summary>
        {file.name}: {file.headers.length} columns detected
        {file.delimiter === null ? '' : `, separated by ${delimiterName(file.delimiter)}`}
      </summary>
      <div className="table-wrap" tabIndex={0} role="region" aria-label={`Columns of ${file.name}`}>
        <table className="compact">
          <caption className="visually-hidden">Columns of {file.name} with sample values</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Values in the first rows</th>
              <th scope="col">Read as</th>
            </tr>
          </thead>
          <tbody>
            {file.headers.map((h) => (
              <tr key={h.name}>
                <td>{h.name}</td>
                <td className="samples">{h.samples.join(' · ')}</td>
                <td className="small">
                  {Object.entries(file.columns)
                    .filter(([, column]) => column === h.name)
                    .map(([field]) => field)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function delimiterName(delimiter: string): string {
  if (delimiter === '\t') return 'tabs';
  if (delimiter === ',') return 'commas';
  if (delimiter === ';') return 'semicolons';
  if (delimiter === '|') return 'pipes';
  return `"${delimiter}"`;
}

function Finding({ finding }: { finding: AuditFindingView }) {
  return (
    <li data-rule={finding.code}>
      <details>
        <summary>
          <span className={`severity severity-${finding.severity}`}>{finding.severity}</span>{' '}
          <strong>{finding.title}</strong> ({finding.count.toLocaleString('en-US')}){' '}
          <code className="small">{finding.code}</code>
        </summary>
        <p className="small">{finding.description}</p>
        <div
          className="table-wrap"
          tabIndex={0}
          role="region"
          aria-label={`Records behind ${finding.title}`}
        >
          <table className="compact">
            <caption>
              {finding.refs.length < finding.count
                ? `The first ${finding.refs.length} of ${finding.count.toLocaleString('en-US')} records`
                : 'The records'}{' '}
              behind “{finding.title}”
            </caption>
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">File</th>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {finding.refs.map((ref) => (
                <tr key={`${ref.entity}:${ref.id}:${ref.detail}`}>
                  <td>
                    {ref.entity} {ref.id}
                  </td>
                  <td>{ref.file ?? 'derived by the import'}</td>
                  <td className="num">{ref.row ?? ''}</td>
                  <td>{ref.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </li>
  );
}

function span(w: { from: string | null; to: string | null }): string {
  return w.from === null ? 'no closed deals' : `${w.from} to ${w.to ?? '?'}`;
}

/** What the import will change: measured by running it and rolling it back. */
function ImportEffectView({ effect }: { effect: NonNullable<ImportPreview['effect']> }) {
  const rows = Object.entries(effect.changes).filter(
    ([, c]) => c.new + c.updated + c.unchanged > 0,
  );
  const moved =
    effect.history.before.from !== effect.history.after.from ||
    effect.history.before.to !== effect.history.after.to;
  return (
    <div data-testid="import-effect">
      <h3>What the import will change</h3>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Records per kind">
        <table className="compact">
          <caption>Records per kind, compared with what the workspace holds</caption>
          <thead>
            <tr>
              <th scope="col">Records</th>
              <th scope="col" className="num">
                New
              </th>
              <th scope="col" className="num">
                Updated
              </th>
              <th scope="col" className="num">
                Unchanged
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([entity, c]) => (
              <tr key={entity} data-entity={entity}>
                <td>{entity}</td>
                <td className="num">{c.new.toLocaleString('en-US')}</td>
                <td className="num">{c.updated.toLocaleString('en-US')}</td>
                <td className="num">{c.unchanged.toLocaleString('en-US')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p data-testid="import-history" className={moved ? 'warning-text' : undefined}>
        History (closed deals): {span(effect.history.before)}
        {moved ? ` → ${span(effect.history.after)}` : ' (unchanged)'}.
      </p>
      <p data-testid="import-roster">
        Roster: {effect.roster.before.toLocaleString('en-US')} →{' '}
        {effect.roster.after.toLocaleString('en-US')} reps
        {effect.roster.added.length > 0
          ? ` (new: ${effect.roster.added.slice(0, 10).join(', ')}${effect.roster.added.length > 10 ? ', …' : ''})`
          : ''}
        .
      </p>
    </div>
  );
}

export function ImportPreviewView({
  preview,
  step,
  onMapColumns,
}: {
  preview: ImportPreview;
  step: number;
  /** Offered when the files cannot be imported as read and the person is not mapping already. */
  onMapColumns: (() => void) | null;
}) {
  const [allErrors, setAllErrors] = useState(false);
  const listed = preview.errors.length;
  const errorsShown = allErrors ? listed : Math.min(listed, ERRORS_SHOWN_FIRST);
  const records = Object.entries(preview.records).filter(([, n]) => n > 0);
  const blocked = preview.files.filter((f) => f.status !== 'recognised' && f.status !== 'ignored');
  return (
    <section
      aria-labelledby="check-title"
      data-testid="import-preview"
      className="panel import-preview"
    >
      <h2 id="check-title" tabIndex={-1}>
        {step}. What the files hold{preview.preset === null ? '' : ` (${preview.preset} preset)`}
      </h2>
      <p role="status" data-testid="import-verdict" className={preview.ready ? '' : 'error-text'}>
        {preview.ready
          ? `Ready to import: ${records.map(([e, n]) => `${n.toLocaleString('en-US')} ${e}`).join(', ')}${preview.blocking.length > 0 ? ', once its data-quality errors are accepted (below)' : ''}.`
          : `Not importable as it is: ${preview.errorCount.toLocaleString('en-US')} ${preview.errorCount === 1 ? 'problem' : 'problems'} (below). Nothing is imported until every file reads cleanly.`}
      </p>
      {preview.unrelated && (
        <div role="alert" className="callout warning" data-testid="import-unrelated">
          <p>
            <strong>These files share nothing with this workspace:</strong> no record id and no deal
            owner in common. They look like another company’s or system’s data; importing merges
            them with what is here (the history window and the roster below move).
          </p>
          <p className="small">
            Keep them apart instead: create a new workspace for them here (you become its admin; the
            app switches to it and you choose the files again), or use a separate database with{' '}
            <code>quotaplan import … --db &lt;new folder&gt;</code>.
          </p>
          <NewWorkspaceForm />
        </div>
      )}
      {preview.effect !== null && <ImportEffectView effect={preview.effect} />}
      {Object.keys(preview.untouched).length > 0 && (
        <p className="callout" data-testid="import-untouched">
          Not touched (no column in the files; stored values stay as they are):{' '}
          {Object.entries(preview.untouched)
            .map(([entity, fields]) => `${entity}: ${fields.join(', ')}`)
            .join('; ')}
          .
        </p>
      )}
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Files">
        <table className="compact" data-testid="import-files">
          <caption>Files and the columns read from them</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Status</th>
              <th scope="col">Holds</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Rejected
              </th>
              <th scope="col">Columns read (field ← column)</th>
            </tr>
          </thead>
          <tbody>
            {preview.files.map((f) => (
              <tr key={f.name} data-file={f.name} data-status={f.status}>
                <td className="nowrap">{f.name}</td>
                <td>{STATUS_WORDS[f.status]}</td>
                <td>
                  {f.entity ?? '–'}
                  {f.label === null ? null : (
                    <span className="small holds-label">read as {f.label}</span>
                  )}
                </td>
                <td className="num">{f.rows.toLocaleString('en-US')}</td>
                <td className="num">{f.rejected.toLocaleString('en-US')}</td>
                <td className="small columns-read">
                  {Object.entries(f.columns)
                    .map(([field, column]) => `${field} ← ${column}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!preview.ready && onMapColumns !== null && (
        <div className="callout">
          <p>
            {blocked.length > 0
              ? `${blocked.map((f) => f.name).join(', ')} ${blocked.length === 1 ? 'is' : 'are'} not readable this way.`
              : 'If a file was read as the wrong thing, or its columns as the wrong fields, correct it.'}{' '}
            Pick the right CRM above, or say yourself which column holds which field.
          </p>
          <button type="button" onClick={onMapColumns}>
            Map columns
          </button>
        </div>
      )}
      <h3>Columns detected</h3>
      {preview.files.map((f) => (
        <DetectedColumns key={f.name} file={f} open={f.status === 'unrecognised'} />
      ))}
      {preview.errorCount > 0 && (
        <div role="alert" data-testid="import-errors">
          <h3>
            {preview.errorCount.toLocaleString('en-US')}{' '}
            {preview.errorCount === 1 ? 'problem' : 'problems'}: the import would be refused as a
            whole
          </h3>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Problems">
            <table className="compact">
              <caption>
                {errorsShown < preview.errorCount
                  ? `The first ${errorsShown} problems, by file and row`
                  : 'The problems, by file and row'}
              </caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Row
                  </th>
                  <th scope="col">Column</th>
                  <th scope="col">Value</th>
                  <th scope="col">Problem</th>
                  <th scope="col">Expected</th>
                </tr>
              </thead>
              <tbody>
                {preview.errors.slice(0, errorsShown).map((e, i) => (
                  <tr key={i}>
                    <td className="nowrap">{e.location?.file ?? ''}</td>
                    <td className="num">{e.location?.row ?? ''}</td>
                    <td className="nowrap">{e.location?.column ?? ''}</td>
                    <td className="value-cell" title={e.location?.value}>
                      {e.location?.value ?? ''}
                    </td>
                    <td>{e.message}</td>
                    <td>{e.expected ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {errorsShown < listed && (
            <button
              type="button"
              onClick={() => {
                setAllErrors(true);
              }}
            >
              Show {listed === preview.errorCount ? 'all' : 'the first'}{' '}
              {listed.toLocaleString('en-US')} problems
            </button>
          )}
        </div>
      )}
      {records.length > 0 && <h3>Parsed rows</h3>}
      {records.map(([entity, count]) => (
        <ParsedRows
          key={entity}
          entity={entity}
          count={count}
          rows={preview.samples[entity] ?? []}
        />
      ))}
      {preview.audit !== null && (
        <>
          <h3>Data-quality audit of these files</h3>
          <p data-testid="audit-summary">
            {preview.audit.errorCount} {preview.audit.errorCount === 1 ? 'rule' : 'rules'} with
            errors, {preview.audit.warningCount} with warnings (the uploaded records on their own).
            Open a rule to see its rows.
          </p>
          {preview.audit.findings.length === 0 ? (
            <p>No rule found anything.</p>
          ) : (
            <ul className="findings" data-testid="audit-findings">
              {preview.audit.findings.map((f) => (
                <Finding key={f.code} finding={f} />
              ))}
            </ul>
          )}
        </>
      )}
      {preview.notices.length > 0 && (
        <>
          <h3>Notes</h3>
          <ul className="small">
            {preview.notices.map((n, i) => (
              <li key={i}>
                {n.location?.file === undefined ? '' : `${n.location.file}: `}
                {n.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
