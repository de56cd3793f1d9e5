// A version's deliverables for download (seed 4c): the quota model workbook and the documentation
// package — the whole package in one PDF, the methodology, the Definition Alignment Document, the
// FAQ, the runbook, the review agenda, the maintenance schedule, every team's talking points and
// every rep's letter — in PDF, HTML or Markdown. The server renders them from the version's
// numbers and today's definition approvals.

import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Formatter } from '../../format.ts';
import { matchesFilter } from '../../planning.ts';
import { documentsQuery, documentUrl, DOCUMENT_FORMATS, workbookUrl } from '../../planning-api.ts';
import type { DocumentFormat, PackageEntry } from '../../planning-api.ts';

const FORMAT_NAMES: Record<DocumentFormat, string> = {
  pdf: 'PDF',
  html: 'HTML',
  md: 'Markdown',
};

const GROUPS: readonly { kinds: readonly PackageEntry['kind'][]; title: string; id: string }[] = [
  { kinds: ['package', 'index'], title: 'The whole package', id: 'package' },
  { kinds: ['document'], title: 'Plan documents', id: 'documents' },
  {
    kinds: ['talking-points'],
    title: 'Manager talking points, one per team',
    id: 'talking-points',
  },
  { kinds: ['letter'], title: 'Quota letters, one per rep', id: 'letters' },
  { kinds: ['chart'], title: 'Charts the Markdown files show (SVG)', id: 'charts' },
];

/** Past this many files the view offers a filter (a 1,000-rep plan has 1,000 letters). */
const FILTER_FROM = 15;

/** A file size for people: '820 B', '62 kB', '1.4 MB'. */
function sizeText(bytes: number, locale: string): string {
  if (bytes < 1000) {
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte' }).format(bytes);
  }
  const [value, unit] = bytes < 1e6 ? [bytes / 1e3, 'kilobyte'] : [bytes / 1e6, 'megabyte'];
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}

export function DocumentsPanel({
  planId,
  version,
  docFormat,
  onDocFormat,
  format,
}: {
  planId: number;
  version: number;
  docFormat: DocumentFormat;
  onDocFormat: (docFormat: DocumentFormat) => void;
  format: Formatter;
}) {
  const listing = useQuery(documentsQuery(planId, version, docFormat));
  const [filter, setFilter] = useState('');
  const files = listing.data ?? [];
  const shown = files.filter((f) => matchesFilter([f.title, f.path], filter));
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">Documents</h2>
      <p>
        The deliverables of v{version}, built from this version’s numbers and today’s Definition
        Alignment approvals.
      </p>
      <div className="panel">
        <h3>Quota model workbook</h3>
        <p className="small">
          Inputs, baseline, territory weights, ramp and capacity, the allocation per rep and month
          as live formulas, the back-test, the scenarios, the checks and the assumption register.
        </p>
        <a className="button" href={workbookUrl(planId, version)} download>
          Quota model workbook (XLSX)
        </a>
      </div>
      <div className="panel">
        <h3>Documentation package</h3>
        <div className="filters">
          <div className="field">
            <label htmlFor="documents-format">Format</label>
            <select
              id="documents-format"
              value={docFormat}
              onChange={(event) => {
                const chosen = DOCUMENT_FORMATS.find((f) => f === event.target.value);
                if (chosen !== undefined) onDocFormat(chosen);
              }}
            >
              {DOCUMENT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_NAMES[f]}
                </option>
              ))}
            </select>
          </div>
          {files.length > FILTER_FROM && (
            <div className="field">
              <label htmlFor="documents-filter">Find a document</label>
              <input
                id="documents-filter"
                type="search"
                value={filter}
                placeholder="a rep, a manager, a title"
                onChange={(event) => {
                  setFilter(event.target.value);
                }}
              />
            </div>
          )}
        </div>
        {listing.isPending && (
          <Loading
            what={`the ${FORMAT_NAMES[docFormat]} documents${docFormat === 'pdf' ? ' (rendering every PDF takes a few seconds)' : ''}`}
          />
        )}
        {listing.isError && <ErrorState error={listing.error} what="the documents" />}
        {listing.data !== undefined && (
          <>
            <p className="small" data-testid="documents-count" aria-live="polite">
              {files.length} files in {FORMAT_NAMES[docFormat]}
              {filter.trim() === '' ? '' : `, ${shown.length} match “${filter.trim()}”`}. Each link
              downloads one file.
            </p>
            {GROUPS.map((group) => {
              const rows = shown.filter((f) => group.kinds.includes(f.kind));
              if (rows.length === 0) return null;
              return (
                <div className="table-wrap" key={group.id}>
                  <table className="compact documents" data-testid={`documents-${group.id}`}>
                    <caption>{group.title}</caption>
                    <colgroup>
                      <col className="document" />
                      <col className="file" />
                      <col />
                    </colgroup>
                    <thead>
                      <tr>
                        <th scope="col">Document</th>
                        <th scope="col">File</th>
                        <th scope="col" className="num">
                          Size
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((f) => (
                        <tr key={f.path} data-path={f.path}>
                          <td>
                            <a href={documentUrl(planId, version, docFormat, f.path)} download>
                              {f.title}
                            </a>
                          </td>
                          <td>
                            <code className="small">{f.path}</code>
                          </td>
                          <td className="num">{sizeText(f.bytes, format.locale)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              );
            })}
          </>
        )}
      </div>
    </section>
  );
}
