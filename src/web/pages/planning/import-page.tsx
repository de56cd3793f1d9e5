// The import wizard (RevOps): choose CSV or XLSX files, check them with a dry run (the entities
// and columns detected, the first rows as they would be stored, row errors and the data-quality
// audit; nothing is stored), then import them all or nothing, or start again.

import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '../../components/link.tsx';
import { uploadImport } from '../../planning-api.ts';
import type { ImportDone, ImportPreview } from '../../planning-api.ts';

const PRESETS = ['', 'maven', 'salesforce', 'hubspot', 'olist', 'generic'] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return JSON.stringify(value);
}

function Samples({ entity, rows }: { entity: string; rows: readonly unknown[] }) {
  const first = rows[0];
  if (first === undefined || first === null || typeof first !== 'object') return null;
  const keys = Object.keys(first).slice(0, 10);
  return (
    <div className="table-wrap">
      <table className="compact" data-testid={`sample-${entity}`}>
        <caption>First {entity} as they would be stored</caption>
        <thead>
          <tr>
            {keys.map((k) => (
              <th scope="col" key={k}>
                {k}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {keys.map((k) => (
                <td key={k}>{cell((row as Record<string, unknown>)[k])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ImportPage() {
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [preset, setPreset] = useState('');
  const [asOf, setAsOf] = useState('');
  const check = useMutation({
    mutationFn: async () =>
      (await uploadImport(files, { preset, asOf, dryRun: true })) as ImportPreview,
  });
  const commit = useMutation({
    mutationFn: async () =>
      (await uploadImport(files, { preset, asOf, dryRun: false })) as ImportDone,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['baseline'] });
      await queryClient.invalidateQueries({ queryKey: ['workspace'] });
    },
  });
  const reset = (): void => {
    setFiles([]);
    check.reset();
    commit.reset();
  };
  const preview = check.data;
  return (
    <>
      <div className="page-head">
        <h1>Import CRM data</h1>
        <p className="subtitle">
          <Link to="/planning">Planning</Link> · check the files first; nothing is stored until you
          import
        </p>
      </div>
      {commit.data !== undefined ? (
        <section className="panel" aria-labelledby="import-done">
          <h2 id="import-done">Imported</h2>
          <p role="status">
            Import {commit.data.importId}:{' '}
            {Object.entries(commit.data.counts)
              .filter(([, c]) => c.inserted + c.updated > 0)
              .map(([entity, c]) => `${entity} ${c.inserted} new, ${c.updated} updated`)
              .join('; ')}
            .
          </p>
          <p>
            <Link to="/planning/baseline">See the baseline</Link> or{' '}
            <Link to="/planning">draft a plan</Link>.
          </p>
          <button type="button" onClick={reset}>
            Import more files
          </button>
        </section>
      ) : (
        <form
          className="panel"
          onSubmit={(event) => {
            event.preventDefault();
            commit.reset();
            check.mutate();
          }}
        >
          <h2>1. Choose the files</h2>
          <div className="filters">
            <div className="field">
              <label htmlFor="import-files">CSV or XLSX files</label>
              <input
                id="import-files"
                type="file"
                multiple
                accept=".csv,.xlsx,text/csv"
                onChange={(event) => {
                  setFiles([...(event.target.files ?? [])]);
                  check.reset();
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="import-preset">CRM</label>
              <select
                id="import-preset"
                value={preset}
                onChange={(event) => {
                  setPreset(event.target.value);
                  check.reset();
                }}
              >
                {PRESETS.map((p) => (
                  <option key={p} value={p}>
                    {p === '' ? 'detect from the files' : p}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="import-as-of">Extracted on (YYYY-MM-DD, optional)</label>
              <input
                id="import-as-of"
                value={asOf}
                onChange={(event) => {
                  setAsOf(event.target.value);
                  check.reset();
                }}
              />
            </div>
            <button
              type="submit"
              className="primary"
              disabled={files.length === 0 || check.isPending}
            >
              {check.isPending ? 'Checking…' : 'Check the files'}
            </button>
          </div>
          {check.isError && (
            <p role="alert" className="error-text">
              {check.error.message}
            </p>
          )}
        </form>
      )}
      {preview !== undefined && commit.data === undefined && (
        <section aria-labelledby="check-title" data-testid="import-preview">
          <h2 id="check-title">2. What the files hold ({preview.preset})</h2>
          <div className="table-wrap">
            <table className="compact">
              <caption>Files and the columns read from them</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Holds</th>
                  <th scope="col" className="num">
                    Rows
                  </th>
                  <th scope="col" className="num">
                    Rejected
                  </th>
                  <th scope="col">Columns (field ← column)</th>
                </tr>
              </thead>
              <tbody>
                {preview.files.map((f) => (
                  <tr key={f.name}>
                    <td>{f.name}</td>
                    <td>{f.entity ?? 'ignored'}</td>
                    <td className="num">{f.rows}</td>
                    <td className="num">{f.rejected}</td>
                    <td className="small">
                      {Object.entries(f.columns)
                        .map(([field, column]) => `${field} ← ${column}`)
                        .join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {preview.errorCount > 0 && (
            <div role="alert">
              <h3>
                {preview.errorCount} row errors: the import would be refused as a whole. Fix the
                files and check again.
              </h3>
              <ul>
                {preview.errors.slice(0, 50).map((e, i) => (
                  <li key={i}>
                    {e.location?.file}
                    {e.location?.row === undefined ? '' : ` row ${e.location.row}`}: {e.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {Object.entries(preview.samples)
            .filter(([, rows]) => rows.length > 0)
            .map(([entity, rows]) => (
              <Samples
                key={entity}
                entity={`${entity} (${preview.records[entity] ?? 0})`}
                rows={rows}
              />
            ))}
          <h3>Data-quality audit of these files</h3>
          <p>
            {preview.audit.errorCount} errors, {preview.audit.warningCount} warnings (the uploaded
            records on their own).
          </p>
          <ul>
            {preview.audit.findings.map((f) => (
              <li key={f.code}>
                <strong>{f.severity}</strong> {f.title} ({f.count}): {f.description}
              </li>
            ))}
          </ul>
          <h2>3. Import or cancel</h2>
          <div className="filters">
            <button
              type="button"
              className="primary"
              disabled={preview.errorCount > 0 || commit.isPending}
              onClick={() => {
                commit.mutate();
              }}
            >
              {commit.isPending ? 'Importing…' : `Import ${files.length} files`}
            </button>
            <button type="button" onClick={reset}>
              Cancel
            </button>
          </div>
          {commit.isError && (
            <p role="alert" className="error-text">
              {commit.error.message}
            </p>
          )}
        </section>
      )}
    </>
  );
}
