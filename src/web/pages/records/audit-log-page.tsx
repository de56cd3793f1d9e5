// The audit log (RevOps and leaders): every import, edit, confirmation, approval, publication,
// adjustment, member change and credit dispute, newest first, filtered by person, plan and kind
// in the URL, paged back a hundred at a time, and exported as CSV.

import { useQuery } from '@tanstack/react-query';
import { CsvButton } from '../../components/csv-button.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { csvFileName } from '../../csv-export.ts';
import type { CsvColumn } from '../../csv-export.ts';
import type { Formatter } from '../../format.ts';
import { auditLogQuery, membersQuery } from '../../records-api.ts';
import type { AuditEntry, AuditFilters } from '../../records-api.ts';
import { hrefOf, navigate, useLocation } from '../../router.ts';
import type { Session } from '../../session.ts';

/** The kinds of entry, in words (the action families of the server). */
export const AUDIT_KINDS: readonly { kind: string; words: string }[] = [
  { kind: 'import', words: 'Imports' },
  { kind: 'plan', words: 'Plans and versions' },
  { kind: 'assumption', words: 'Assumption decisions' },
  { kind: 'definition', words: 'Definitions' },
  { kind: 'signoff', words: 'Sign-off' },
  { kind: 'bookings', words: 'Bookings refreshes' },
  { kind: 'adjustment', words: 'Adjustments' },
  { kind: 'dispute', words: 'Credit disputes' },
  { kind: 'member', words: 'Members and roles' },
];

/** An action in words: 'adjustment.approve' → 'Adjustment approve'. */
function actionWords(action: string): string {
  const text = action.replaceAll(/[._]/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Keys whose values are monthly amounts in cents (adjustments, quotas of record). */
const MONTHLY_KEYS = new Set(['monthly', 'result', 'newMonthly', 'before']);

/**
 * A before/after value as one short line for the table (the full JSON is in the CSV): fields as
 * "key: value", monthly amounts as their total over the months.
 */
function brief(value: unknown, format: Formatter): string {
  if (value === null || value === undefined) return '';
  const one = (key: string, v: unknown): string => {
    if (
      MONTHLY_KEYS.has(key) &&
      Array.isArray(v) &&
      v.every((x): x is number => typeof x === 'number')
    ) {
      return `${format.money(v.reduce((a, b) => a + b, 0))} over ${v.length} months`;
    }
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  const text =
    typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>)
          .map(([key, v]) => `${key}: ${one(key, v)}`)
          .join(', ')
      : one('', value);
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

function filtersOf(search: URLSearchParams): AuditFilters {
  const plan = search.get('plan');
  return {
    person: search.get('person') ?? undefined,
    plan: plan !== null && /^[1-9]\d{0,9}$/.test(plan) ? Number(plan) : undefined,
    kind: search.get('kind') ?? undefined,
  };
}

export function AuditLogPage({ session, format }: { session: Session; format: Formatter }) {
  const { search, path } = useLocation();
  const filters = filtersOf(search);
  const beforeText = search.get('before');
  const before =
    beforeText !== null && /^\d{1,12}$/.test(beforeText) ? Number(beforeText) : undefined;
  const entries = useQuery(auditLogQuery(filters, before));
  // People to choose from: the members (admins may list them); anyone else types an e-mail.
  const members = useQuery({ ...membersQuery, enabled: session.workspace.role === 'admin' });
  const plans = session.workspace.trackingPlans;
  const go = (next: AuditFilters & { before?: number | undefined }) => {
    navigate(
      hrefOf(path, {
        person: next.person,
        plan: next.plan,
        kind: next.kind,
        before: next.before,
      }),
    );
  };
  const columns: CsvColumn<AuditEntry>[] = [
    { header: 'Entry', value: (e) => e.id },
    { header: 'When', value: (e) => e.at },
    { header: 'Who', value: (e) => e.userEmail },
    { header: 'Action', value: (e) => actionWords(e.action) },
    { header: 'Action code', value: (e) => e.action },
    { header: 'Record', value: (e) => `${e.entity} ${e.entityId}` },
    { header: 'Before', value: (e) => (e.before == null ? null : JSON.stringify(e.before)) },
    { header: 'After', value: (e) => (e.after == null ? null : JSON.stringify(e.after)) },
    { header: 'Reason', value: (e) => e.reason },
  ];
  const rows = entries.data ?? [];
  const last = rows.at(-1);
  return (
    <>
      <div className="page-head">
        <h1>Audit log</h1>
        <p>
          Every change, who made it and when, with what it was before and after: newest first,
          written in the same transaction as the change itself.
        </p>
      </div>
      <form
        className="filters"
        aria-label="Filter the audit log"
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          const text = (name: string) => {
            const value = data.get(name);
            return typeof value === 'string' ? value.trim() : '';
          };
          const person = text('person');
          const plan = text('plan');
          const kind = text('kind');
          go({
            person: person === '' ? undefined : person,
            plan: plan === '' ? undefined : Number(plan),
            kind: kind === '' ? undefined : kind,
          });
        }}
      >
        <div className="field">
          <label htmlFor="audit-person">Person (e-mail)</label>
          <input
            id="audit-person"
            name="person"
            type="email"
            list="audit-people"
            defaultValue={filters.person ?? ''}
            key={filters.person ?? ''}
            placeholder="anyone"
          />
          <datalist id="audit-people">
            {(members.data ?? []).map((m) => (
              <option key={m.userId} value={m.email}>
                {m.name}
              </option>
            ))}
          </datalist>
        </div>
        <div className="field">
          <label htmlFor="audit-plan">Plan</label>
          <select
            id="audit-plan"
            name="plan"
            defaultValue={filters.plan ?? ''}
            key={`plan-${filters.plan ?? ''}`}
          >
            <option value="">Every plan</option>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-kind">Kind</label>
          <select
            id="audit-kind"
            name="kind"
            defaultValue={filters.kind ?? ''}
            key={`kind-${filters.kind ?? ''}`}
          >
            <option value="">Every kind</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.words}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="primary">
          Show
        </button>
        {(filters.person ?? filters.plan ?? filters.kind) !== undefined && (
          <button
            type="button"
            onClick={() => {
              go({});
            }}
          >
            Clear filters
          </button>
        )}
      </form>
      {entries.isPending ? (
        <Loading what="the audit log" />
      ) : entries.isError ? (
        <ErrorState error={entries.error} what="the audit log" />
      ) : rows.length === 0 ? (
        <Empty title="No entries">
          <p>Nothing in the audit log matches these filters.</p>
        </Empty>
      ) : (
        <section aria-labelledby="audit-title">
          <div className="table-actions">
            <h2 id="audit-title">
              {before === undefined ? 'Latest entries' : `Entries before ${before}`}
            </h2>
            <CsvButton
              fileName={csvFileName('audit-log', before ?? 'latest')}
              columns={columns}
              rows={rows}
              what="entries"
              one="entry"
            />
          </div>
          {/* Focusable: a wide entry scrolls sideways, and keyboards must reach it too. */}
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="audit-title">
            <table className="compact audit" data-testid="audit-table">
              <caption className="visually-hidden">Audit log entries, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">Action</th>
                  <th scope="col">Record</th>
                  <th scope="col">Change</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.id} data-row-id={e.id} data-action={e.action}>
                    <td>
                      {format.date(e.at.slice(0, 10))} {e.at.slice(11, 16)} UTC
                    </td>
                    <td>{e.userEmail}</td>
                    <td>{actionWords(e.action)}</td>
                    <td>
                      {e.entity} {e.entityId}
                    </td>
                    <td className="small">
                      {e.before != null && <div>Before: {brief(e.before, format)}</div>}
                      {e.after != null && <div>After: {brief(e.after, format)}</div>}
                    </td>
                    <td>{e.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="Pages of the audit log">
            {before !== undefined && (
              <button
                type="button"
                onClick={() => {
                  go({ ...filters, before: undefined });
                }}
              >
                Newest
              </button>
            )}
            {rows.length === 100 && last !== undefined && (
              <button
                type="button"
                onClick={() => {
                  go({ ...filters, before: last.id });
                }}
              >
                Older
              </button>
            )}
          </nav>
        </section>
      )}
    </>
  );
}
