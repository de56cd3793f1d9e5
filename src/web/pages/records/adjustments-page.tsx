// Mid-period adjustments of a published plan (METHOD §9): a manager (or RevOps) asks to change a
// rep's monthly quota from an effective date, with the proration of that month shown before the
// request is sent; leaders approve or reject; every adjustment shows its proration month by month
// (the quota before, the months asked for, and the quota of record it gives).

import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiTrackingPlan } from '../../../contracts/api.ts';
import { prorateChange } from '../../../core/tracking/index.ts';
import { quotasQuery } from '../../api.ts';
import type { QuotaRow } from '../../api.ts';
import { CsvButton } from '../../components/csv-button.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { csvFileName, moneyColumn } from '../../csv-export.ts';
import type { CsvColumn } from '../../csv-export.ts';
import type { Formatter } from '../../format.ts';
import { planMonthLabel } from '../../format.ts';
import { amountInput } from '../../planning.ts';
import {
  ADJUSTMENT_KIND_WORDS,
  adjustmentsQuery,
  decideAdjustment,
  requestAdjustment,
} from '../../records-api.ts';
import type { Adjustment, AdjustmentKind } from '../../records-api.ts';
import type { Session } from '../../session.ts';

/** The last day of a plan: its first day plus its months, less a day. */
function planEnd(plan: ApiTrackingPlan): string {
  const d = new Date(`${plan.periodStart}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + plan.months);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function kindWords(kind: string): string {
  return kind in ADJUSTMENT_KIND_WORDS ? ADJUSTMENT_KIND_WORDS[kind as AdjustmentKind] : kind;
}

function StateTag({ state }: { state: string }) {
  return <span className={`state-tag state-tag-${state}`}>{state}</span>;
}

export function AdjustmentsPage({
  session,
  plan,
  format,
}: {
  session: Session;
  plan: ApiTrackingPlan;
  format: Formatter;
}) {
  const { role } = session.workspace;
  const adjustments = useQuery(adjustmentsQuery(plan.id));
  const quotas = useQuery(quotasQuery(plan.id));
  const names = useMemo(
    () => new Map((quotas.data ?? []).map((q) => [q.repId, q.name])),
    [quotas.data],
  );
  const canRequest = role === 'admin' || role === 'manager';
  const canDecide = role === 'leader';
  return (
    <>
      <div className="page-head">
        <h1>Adjustments</h1>
        <p>
          Mid-period changes of a rep’s quota of record in {plan.name}: a territory move, a leave, a
          relief. The month of the effective date is prorated by days; earlier months keep the
          published quota.{' '}
          {canDecide
            ? 'You approve or reject the requests.'
            : 'A leader approves or rejects each request.'}
        </p>
      </div>
      {canRequest &&
        (quotas.isPending ? (
          <Loading what="the reps" />
        ) : quotas.isError ? (
          <ErrorState error={quotas.error} what="the reps" />
        ) : (
          <RequestForm
            plan={plan}
            format={format}
            reps={quotas.data.filter((q) => q.carriesQuota && q.repId !== session.workspace.repId)}
          />
        ))}
      {adjustments.isPending ? (
        <Loading what="the adjustments" />
      ) : adjustments.isError ? (
        <ErrorState error={adjustments.error} what="the adjustments" />
      ) : (
        <AdjustmentList
          plan={plan}
          format={format}
          rows={adjustments.data.adjustments}
          names={names}
          canDecide={canDecide}
        />
      )}
    </>
  );
}

function RequestForm({
  plan,
  format,
  reps,
}: {
  plan: ApiTrackingPlan;
  format: Formatter;
  reps: readonly QuotaRow[];
}) {
  const queryClient = useQueryClient();
  const sorted = useMemo(() => [...reps].sort((a, b) => a.name.localeCompare(b.name)), [reps]);
  const [repId, setRepId] = useState('');
  const [kind, setKind] = useState<AdjustmentKind>('territory-move');
  const [effective, setEffective] = useState('');
  const [reason, setReason] = useState('');
  /** The new monthly amounts as typed (currency units), by month; '' keeps the month as it is. */
  const [typed, setTyped] = useState<Record<number, string>>({});
  const [all, setAll] = useState('');
  const rep = sorted.find((r) => r.repId === repId);
  const months = Array.from({ length: plan.months }, (_, m) => m);
  const newMonthly: (number | null)[] = months.map((m) => {
    const text = typed[m];
    if (text === undefined || text.trim() === '') return rep?.monthly[m] ?? 0;
    const units = amountInput(text);
    return units === null ? null : Math.round(units * 100);
  });
  const badMonths = months.filter((m) => newMonthly[m] === null);
  const preview =
    rep !== undefined && effective !== '' && badMonths.length === 0
      ? prorateChange({
          planStart: plan.periodStart,
          months: plan.months,
          before: rep.monthly,
          after: newMonthly.map((v) => v ?? 0),
          effective,
        })
      : null;
  const send = useMutation({
    mutationFn: () =>
      requestAdjustment(plan.id, {
        repId,
        kind,
        effective,
        reason: reason.trim(),
        newMonthly: newMonthly.map((v) => v ?? 0),
      }),
    onSuccess: async () => {
      setTyped({});
      setReason('');
      setAll('');
      await queryClient.invalidateQueries({ queryKey: adjustmentsQuery(plan.id).queryKey });
    },
  });
  const problems: string[] = [];
  if (rep === undefined) problems.push('choose a rep');
  if (effective === '') problems.push('choose the effective date');
  if (reason.trim().length < 5) problems.push('give a reason (5 characters or more)');
  if (badMonths.length > 0) {
    problems.push(
      `amounts are numbers like 12500 or 12,500.50 (${badMonths.map((m) => format.month(planMonthLabel(plan.periodStart, m))).join(', ')})`,
    );
  }
  if (preview !== null && !preview.ok) problems.push(preview.issues[0]?.message ?? 'bad date');
  return (
    <section className="panel" aria-labelledby="request-title" data-testid="adjustment-form">
      <h2 id="request-title">Request an adjustment</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (problems.length === 0) send.mutate();
        }}
      >
        <div className="form-grid">
          <div className="field">
            <label htmlFor="adj-rep">Rep</label>
            <select
              id="adj-rep"
              value={repId}
              onChange={(event) => {
                setRepId(event.target.value);
                setTyped({});
              }}
            >
              <option value="">Choose a rep…</option>
              {sorted.map((r) => (
                <option key={r.repId} value={r.repId}>
                  {r.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="adj-kind">Kind</label>
            <select
              id="adj-kind"
              value={kind}
              onChange={(event) => {
                setKind(event.target.value as AdjustmentKind);
              }}
            >
              {Object.entries(ADJUSTMENT_KIND_WORDS).map(([value, words]) => (
                <option key={value} value={value}>
                  {words}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="adj-effective">Effective from</label>
            <input
              id="adj-effective"
              type="date"
              value={effective}
              min={plan.periodStart}
              max={planEnd(plan)}
              onChange={(event) => {
                setEffective(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="adj-all">Every month from then on</label>
            <input
              id="adj-all"
              inputMode="decimal"
              value={all}
              placeholder="e.g. 15000"
              onChange={(event) => {
                const text = event.target.value;
                setAll(text);
                if (effective === '') return;
                const first = months.findIndex(
                  (m) => planMonthLabel(plan.periodStart, m) === effective.slice(0, 7),
                );
                if (first < 0) return;
                setTyped(
                  Object.fromEntries(months.filter((m) => m >= first).map((m) => [m, text])),
                );
              }}
            />
          </div>
          <div className="field wide">
            <label htmlFor="adj-reason">Reason</label>
            <textarea
              id="adj-reason"
              rows={2}
              value={reason}
              onChange={(event) => {
                setReason(event.target.value);
              }}
            />
          </div>
        </div>
        {rep !== undefined && (
          <div className="table-wrap">
            <table className="compact proration" data-testid="adjustment-preview">
              <caption>{rep.name}: new monthly quota, and the quota of record it gives</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col" className="num">
                    Quota now
                  </th>
                  <th scope="col" className="num">
                    New monthly quota
                  </th>
                  <th scope="col" className="num">
                    Quota of record after
                  </th>
                </tr>
              </thead>
              <tbody>
                {months.map((m) => {
                  const label = format.month(planMonthLabel(plan.periodStart, m));
                  const after = preview?.ok === true ? preview.value[m] : undefined;
                  const changed = after !== undefined && after !== rep.monthly[m];
                  return (
                    <tr key={m}>
                      <th scope="row">{label}</th>
                      <td className="num">{format.money(rep.monthly[m] ?? 0)}</td>
                      <td className="num">
                        <label className="visually-hidden" htmlFor={`adj-month-${m}`}>
                          New quota for {label}
                        </label>
                        <input
                          id={`adj-month-${m}`}
                          inputMode="decimal"
                          size={10}
                          value={typed[m] ?? ''}
                          placeholder={String((rep.monthly[m] ?? 0) / 100)}
                          onChange={(event) => {
                            setTyped({ ...typed, [m]: event.target.value });
                          }}
                        />
                      </td>
                      <td className={changed ? 'num changed' : 'num'}>
                        {after === undefined ? '–' : format.money(after)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {problems.length > 0 && <p className="small">To send it: {problems.join('; ')}.</p>}
        {send.isError && (
          <p role="alert" className="error-text">
            {send.error.message}
          </p>
        )}
        {send.isSuccess && (
          <p role="status" className="success-text">
            Requested: adjustment {send.data.id} waits for a leader.
          </p>
        )}
        <div className="actions">
          <button
            type="submit"
            className="primary"
            disabled={problems.length > 0 || send.isPending}
          >
            Request the adjustment
          </button>
        </div>
      </form>
    </section>
  );
}

function AdjustmentList({
  plan,
  format,
  rows,
  names,
  canDecide,
}: {
  plan: ApiTrackingPlan;
  format: Formatter;
  rows: readonly Adjustment[];
  names: ReadonlyMap<string, string>;
  canDecide: boolean;
}) {
  const queryClient = useQueryClient();
  const [notes, setNotes] = useState<Record<number, string>>({});
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: number; approve: boolean }) =>
      decideAdjustment(plan.id, id, approve, (notes[id] ?? '').trim() || null),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: adjustmentsQuery(plan.id).queryKey });
      await queryClient.invalidateQueries({ queryKey: ['quotas', plan.id] });
      await queryClient.invalidateQueries({ queryKey: ['attainment', plan.id] });
    },
  });
  const newest = [...rows].sort((a, b) => b.id - a.id);
  const columns: CsvColumn<Adjustment>[] = [
    { header: 'Adjustment', value: (a) => a.id },
    { header: 'Rep', value: (a) => names.get(a.repId) ?? a.repId },
    { header: 'Rep id', value: (a) => a.repId },
    { header: 'Kind', value: (a) => kindWords(a.kind) },
    { header: 'Effective from', value: (a) => a.effective },
    { header: 'Reason', value: (a) => a.reason },
    { header: 'State', value: (a) => a.state },
    { header: 'Requested by', value: (a) => a.requestedBy },
    { header: 'Requested at', value: (a) => a.requestedAt },
    { header: 'Decided by', value: (a) => a.decidedBy },
    { header: 'Decision note', value: (a) => a.decisionNote },
    moneyColumn('Annual quota before', (a) => a.before.reduce((x, y) => x + y, 0)),
    moneyColumn('Annual quota after', (a) => a.result.reduce((x, y) => x + y, 0)),
  ];
  if (rows.length === 0) {
    return (
      <Empty title="No adjustments yet">
        <p>Nobody has asked to change a quota of this plan.</p>
      </Empty>
    );
  }
  return (
    <section aria-labelledby="adjustments-title">
      <div className="table-actions">
        <h2 id="adjustments-title">Requests and decisions</h2>
        <CsvButton
          fileName={csvFileName(plan.name, 'adjustments')}
          columns={columns}
          rows={newest}
          what="adjustments"
        />
      </div>
      {decide.isError && (
        <p role="alert" className="error-text">
          {decide.error.message}
        </p>
      )}
      <ul className="adjustments" data-testid="adjustment-list">
        {newest.map((a) => {
          const before = a.before.reduce((x, y) => x + y, 0);
          const after = a.result.reduce((x, y) => x + y, 0);
          return (
            <li key={a.id} className="panel" data-adjustment-id={a.id} data-state={a.state}>
              <h3>
                {names.get(a.repId) ?? a.repId}: {kindWords(a.kind)} from {format.date(a.effective)}{' '}
                <StateTag state={a.state} />
              </h3>
              <p>
                Annual quota {format.money(before)} → {format.money(after)} ({a.reason})
              </p>
              <p className="small">
                Requested by {a.requestedBy} on {format.date(a.requestedAt.slice(0, 10))}
                {a.decidedBy !== null &&
                  ` · ${a.state} by ${a.decidedBy} on ${format.date((a.decidedAt ?? '').slice(0, 10))}`}
                {a.decisionNote !== null && ` · “${a.decisionNote}”`}
              </p>
              <details>
                <summary>Proration month by month</summary>
                <div className="table-wrap">
                  <table className="compact proration">
                    <caption className="visually-hidden">Proration of adjustment {a.id}</caption>
                    <thead>
                      <tr>
                        <th scope="col">Month</th>
                        <th scope="col" className="num">
                          Quota before
                        </th>
                        <th scope="col" className="num">
                          Asked for
                        </th>
                        <th scope="col" className="num">
                          {a.state === 'approved'
                            ? 'Quota of record'
                            : 'Quota of record if approved'}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {a.before.map((b, m) => (
                        <tr key={m}>
                          <th scope="row">{format.month(planMonthLabel(plan.periodStart, m))}</th>
                          <td className="num">{format.money(b)}</td>
                          <td className="num">{format.money(a.newMonthly[m] ?? 0)}</td>
                          <td className={a.result[m] === b ? 'num' : 'num changed'}>
                            {format.money(a.result[m] ?? 0)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
              {canDecide && a.state === 'pending' && (
                <div className="filters">
                  <div className="field">
                    <label htmlFor={`adj-note-${a.id}`}>Note (optional)</label>
                    <input
                      id={`adj-note-${a.id}`}
                      value={notes[a.id] ?? ''}
                      onChange={(event) => {
                        setNotes({ ...notes, [a.id]: event.target.value });
                      }}
                    />
                  </div>
                  <button
                    type="button"
                    disabled={decide.isPending}
                    onClick={() => {
                      decide.mutate({ id: a.id, approve: true });
                    }}
                  >
                    Approve<span className="visually-hidden"> adjustment {a.id}</span>
                  </button>
                  <button
                    type="button"
                    disabled={decide.isPending}
                    onClick={() => {
                      decide.mutate({ id: a.id, approve: false });
                    }}
                  >
                    Reject<span className="visually-hidden"> adjustment {a.id}</span>
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
