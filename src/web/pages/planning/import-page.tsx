// The import wizard (RevOps): choose CSV or XLSX files, read them with a CRM preset or map their
// columns yourself, check them with a dry run (how each file is read, its columns with sample
// values, the first rows as they would be stored, row errors and the data-quality audit by rule
// with its rows; nothing is stored), then import them all or nothing, or cancel.

import { useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '../../components/link.tsx';
import {
  draftOf,
  mappingYaml,
  unmappedRequired,
  withUnmappedValues,
} from '../../import-mapping.ts';
import type { CatalogEntity, MappingDraft } from '../../import-mapping.ts';
import { checkImport, commitImport, undoImport } from '../../planning-api.ts';
import type { ImportPreview, PreviewFile, UploadOptions } from '../../planning-api.ts';
import { MappingEditor } from './import-mapping-editor.tsx';
import { ImportPreviewView } from './import-preview.tsx';

const PRESETS = ['', 'maven', 'salesforce', 'hubspot', 'olist', 'generic'] as const;

type Mode = 'preset' | 'map';

interface CheckRequest {
  options: UploadOptions;
  /** A dry run only to learn the files' columns before mapping them (its preview is not shown). */
  readColumns: boolean;
}

/** What the last check said of the files: their columns and samples, and the mapping fields. */
interface KnownFiles {
  files: PreviewFile[];
  catalog: CatalogEntity[];
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

function ImportDoneView({
  done,
  onMore,
}: {
  done: Awaited<ReturnType<typeof commitImport>>;
  onMore: () => void;
}) {
  const counts = Object.entries(done.counts).filter(([, c]) => c.inserted + c.updated > 0);
  const queryClient = useQueryClient();
  const undo = useMutation({
    mutationFn: () => undoImport(done.importId),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['baseline'] });
      await queryClient.invalidateQueries({ queryKey: ['workspace'] });
    },
  });
  if (undo.data !== undefined) {
    return (
      <section className="panel" aria-labelledby="import-undone" data-testid="import-undone">
        <h2 id="import-undone">Import {done.importId} undone</h2>
        <p role="status">
          The workspace is as it was before it: {undo.data.removed.toLocaleString('en-US')} records
          removed, {undo.data.restored.toLocaleString('en-US')} put back. The undo is in the audit
          log.
        </p>
        <button type="button" onClick={onMore}>
          Import files
        </button>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="import-done" data-testid="import-done">
      <h2 id="import-done">Imported</h2>
      <p role="status">
        Import {done.importId}:{' '}
        {counts.length === 0
          ? 'nothing new; every record was there already'
          : counts
              .map(
                ([entity, c]) =>
                  `${entity} ${c.inserted.toLocaleString('en-US')} new, ${c.updated.toLocaleString('en-US')} updated`,
              )
              .join('; ')}
        .
      </p>
      <p>
        <Link to="/planning/baseline">See the baseline</Link> or{' '}
        <Link to="/planning">draft a plan</Link>.
      </p>
      <div className="filters actions">
        <button type="button" onClick={onMore}>
          Import more files
        </button>
        <button
          type="button"
          data-testid="undo-import"
          disabled={undo.isPending}
          onClick={() => {
            undo.mutate();
          }}
        >
          {undo.isPending ? 'Undoing…' : 'Undo this import'}
        </button>
      </div>
      {undo.isError && (
        <p role="alert" className="error-text">
          {undo.error.message}
        </p>
      )}
    </section>
  );
}

export function ImportPage() {
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [mode, setMode] = useState<Mode>('preset');
  const [preset, setPreset] = useState('');
  const [asOf, setAsOf] = useState('');
  const [draft, setDraft] = useState<MappingDraft | null>(null);
  const [known, setKnown] = useState<KnownFiles | null>(null);
  /** Required fields without a column, found before any request. */
  const [unmapped, setUnmapped] = useState<string[]>([]);
  const [acceptErrors, setAcceptErrors] = useState(false);
  const [acceptReason, setAcceptReason] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const check = useMutation({
    mutationFn: (request: CheckRequest) => checkImport(files, request.options),
    onSuccess: (preview: ImportPreview, request) => {
      const catalog = preview.mappingFields;
      setKnown({ files: preview.files, catalog });
      if (request.readColumns) {
        setDraft((d) => d ?? draftOf(preview.files, catalog, preset));
      } else if (request.options.mapping !== null) {
        setDraft((d) => (d === null ? d : withUnmappedValues(d, preview.notices, preview.errors)));
      }
    },
  });
  const commit = useMutation({
    mutationFn: (options: UploadOptions) => commitImport(files, options),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['baseline'] });
      await queryClient.invalidateQueries({ queryKey: ['workspace'] });
    },
  });

  // The answer of the last check, when it was a check of what the page now shows (a preset, or
  // the mapping), not a read of the columns.
  const asked = check.variables;
  const preview =
    check.data !== undefined &&
    asked !== undefined &&
    !asked.readColumns &&
    (asked.options.mapping !== null) === (mode === 'map')
      ? check.data
      : undefined;
  const previewShown = preview !== undefined;

  // Keyboard and screen-reader users land on the answer of a check.
  useEffect(() => {
    if (previewShown) document.getElementById('check-title')?.focus();
  }, [previewShown, check.data]);

  const readColumns = (chosen: File[]): void => {
    if (chosen.length === 0) return;
    check.mutate({ options: { preset, asOf, mapping: null }, readColumns: true });
  };

  const resetAll = (): void => {
    setFiles([]);
    setDraft(null);
    setKnown(null);
    setUnmapped([]);
    check.reset();
    commit.reset();
    if (fileInput.current !== null) fileInput.current.value = '';
  };

  const editDraft = (next: MappingDraft): void => {
    setDraft(next);
    setUnmapped([]);
    check.reset();
    commit.reset();
  };

  const chooseMode = (next: Mode): void => {
    setMode(next);
    setUnmapped([]);
    commit.reset();
    if (next === 'map' && draft === null) {
      if (known !== null) {
        setDraft(draftOf(known.files, known.catalog, preset));
        check.reset();
      } else {
        check.reset();
        readColumns(files);
      }
    }
  };

  const checkMapping = (): void => {
    if (draft === null || known === null) return;
    const problems = unmappedRequired(draft, known.catalog);
    setUnmapped(problems);
    if (problems.length > 0) return;
    const yaml = mappingYaml({ ...draft, preset }, known.catalog);
    check.mutate({ options: { preset: '', asOf, mapping: yaml }, readColumns: false });
  };

  const downloadMapping = (): void => {
    if (draft === null || known === null) return;
    download('quotaplan-mapping.yaml', mappingYaml({ ...draft, preset }, known.catalog));
  };

  const checking = check.isPending;
  const step = mode === 'map' ? 3 : 2;

  if (commit.data !== undefined) {
    return (
      <>
        <PageHead />
        <ImportDoneView done={commit.data} onMore={resetAll} />
      </>
    );
  }

  return (
    <>
      <PageHead />
      <form
        className="panel"
        aria-labelledby="choose-title"
        onSubmit={(event) => {
          event.preventDefault();
          commit.reset();
          if (mode === 'preset') {
            check.mutate({ options: { preset, asOf, mapping: null }, readColumns: false });
          } else {
            readColumns(files);
          }
        }}
      >
        <h2 id="choose-title">1. Choose the files</h2>
        <div className="filters">
          <div className="field">
            <label htmlFor="import-files">CSV or XLSX files</label>
            <input
              id="import-files"
              ref={fileInput}
              type="file"
              multiple
              accept=".csv,.xlsx,text/csv"
              onChange={(event) => {
                const chosen = [...(event.target.files ?? [])];
                setFiles(chosen);
                setDraft(null);
                setKnown(null);
                setUnmapped([]);
                check.reset();
                commit.reset();
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="import-as-of">Extracted on (optional)</label>
            <input
              id="import-as-of"
              type="date"
              value={asOf}
              placeholder="latest date in the data"
              onChange={(event) => {
                setAsOf(event.target.value);
                check.reset();
              }}
            />
          </div>
        </div>
        <fieldset className="mode">
          <legend>How to read them</legend>
          <div className="mode-choices">
            <label>
              <input
                type="radio"
                name="import-mode"
                value="preset"
                checked={mode === 'preset'}
                onChange={() => {
                  chooseMode('preset');
                }}
              />{' '}
              With a CRM preset (the columns are known)
            </label>
            <label>
              <input
                type="radio"
                name="import-mode"
                value="map"
                checked={mode === 'map'}
                onChange={() => {
                  chooseMode('map');
                }}
              />{' '}
              Map columns (say which column holds which field)
            </label>
          </div>
        </fieldset>
        <div className="filters">
          <div className="field">
            <label htmlFor="import-preset">{mode === 'map' ? 'Base preset' : 'CRM'}</label>
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
          {(mode === 'preset' || draft === null) && (
            <button type="submit" className="primary" disabled={files.length === 0 || checking}>
              {checking
                ? 'Reading the files…'
                : mode === 'preset'
                  ? 'Check the files'
                  : 'Read the columns'}
            </button>
          )}
        </div>
        {files.length === 0 && (
          <p className="small">Choose one or more files exported from your CRM to begin.</p>
        )}
        {checking && (
          <p role="status" className="small">
            Reading {files.length} {files.length === 1 ? 'file' : 'files'}; nothing is stored…
          </p>
        )}
        {check.isError && (
          <p role="alert" className="error-text" data-testid="check-error">
            {check.error.message}
          </p>
        )}
      </form>
      {mode === 'map' && draft !== null && known !== null && (
        <>
          <MappingEditor
            draft={draft}
            files={known.files}
            catalog={known.catalog}
            onChange={editDraft}
          />
          <div className="filters actions">
            <button type="button" className="primary" disabled={checking} onClick={checkMapping}>
              {checking ? 'Checking…' : 'Check the mapping'}
            </button>
            <button type="button" onClick={downloadMapping}>
              Download mapping (YAML)
            </button>
          </div>
          {unmapped.length > 0 && (
            <div role="alert" className="error-text" data-testid="unmapped-required">
              <p>Give these fields a column first:</p>
              <ul>
                {unmapped.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
      {preview !== undefined && (
        <>
          <ImportPreviewView
            preview={preview}
            step={step}
            onMapColumns={
              mode === 'preset'
                ? () => {
                    chooseMode('map');
                  }
                : null
            }
          />
          <section className="panel" aria-labelledby="commit-title">
            <h2 id="commit-title">{step + 1}. Import or cancel</h2>
            {preview.blocking.length > 0 && (
              <div className="callout" data-testid="audit-acceptance">
                <p className="error-text">
                  {preview.blocking.length}{' '}
                  {preview.blocking.length === 1
                    ? 'data-quality rule finds'
                    : 'data-quality rules find'}{' '}
                  errors in these files:{' '}
                  {preview.blocking
                    .map((f) => `${f.title} (${f.count.toLocaleString('en-US')})`)
                    .join('; ')}
                  . They block the import unless you accept them with a reason (kept in the audit
                  log).
                </p>
                <label>
                  <input
                    type="checkbox"
                    checked={acceptErrors}
                    onChange={(event) => {
                      setAcceptErrors(event.target.checked);
                    }}
                  />{' '}
                  Import despite these errors
                </label>
                {acceptErrors && (
                  <div className="field">
                    <label htmlFor="accept-reason">Why (at least 3 characters)</label>
                    <textarea
                      id="accept-reason"
                      value={acceptReason}
                      maxLength={4000}
                      onChange={(event) => {
                        setAcceptReason(event.target.value);
                      }}
                    />
                  </div>
                )}
              </div>
            )}
            <div className="filters">
              <button
                type="button"
                className="primary"
                disabled={
                  !preview.ready ||
                  commit.isPending ||
                  (preview.blocking.length > 0 && (!acceptErrors || acceptReason.trim().length < 3))
                }
                onClick={() => {
                  if (check.variables !== undefined) {
                    commit.mutate({
                      ...check.variables.options,
                      acceptAuditErrors:
                        preview.blocking.length > 0 && acceptErrors ? acceptReason.trim() : null,
                    });
                  }
                }}
              >
                {commit.isPending
                  ? 'Importing…'
                  : `Import ${files.length} ${files.length === 1 ? 'file' : 'files'}`}
              </button>
              <button type="button" onClick={resetAll}>
                Cancel
              </button>
            </div>
            {!preview.ready && (
              <p className="small">
                Import is off until the check finds no problem: fix the files or the mapping and
                check again.
              </p>
            )}
            {commit.isError && (
              <p role="alert" className="error-text" data-testid="commit-error">
                {commit.error.message}
              </p>
            )}
          </section>
        </>
      )}
    </>
  );
}

function PageHead() {
  return (
    <div className="page-head">
      <h1>Import CRM data</h1>
      <p className="subtitle">
        <Link to="/planning">Planning</Link> · check the files first; nothing is stored until you
        import
      </p>
    </div>
  );
}
