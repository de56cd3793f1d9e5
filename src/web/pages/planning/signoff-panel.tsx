// The sign-off gate of a version: today's checklist computed by the server (an override shown as
// an override, not a pass, each item with its evidence), the gate as it was recorded at sign-off
// and at publication with today's state beside it where they differ, and the steps that feed it:
// a leader accepts a back-test outside the band in writing, the approver titles (VP Sales and
// CRO by default) approve the quotas, each a different person, one of them signs off (which
// closes the approvals); RevOps publishes, superseding any published plan it overlaps.

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '../../components/link.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Formatter } from '../../format.ts';
import {
  approveQuotas,
  overrideBacktest,
  publishVersion,
  signOffVersion,
  signoffQuery,
} from '../../planning-api.ts';
import type { GateItem, GateRecord, SignoffView } from '../../planning-api.ts';
import { planPath } from '../../session.ts';
import type { Session } from '../../session.ts';

const TITLE_WORDS: Record<string, string> = {
  vp_sales: 'VP Sales',
  cro: 'CRO',
  finance: 'Finance',
};

function titleWords(title: string | null): string {
  return title === null ? '' : (TITLE_WORDS[title] ?? title);
}

/** "VP Sales and CRO" */
function titlesWords(titles: readonly string[]): string {
  const words = titles.map(titleWords);
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

const STATE_WORDS: Record<GateItem['state'], { mark: string; word: string }> = {
  passed: { mark: '✔', word: 'Passed' },
  overridden: { mark: '⚠', word: 'Overridden' },
  open: { mark: '✘', word: 'Open' },
};

function StateBadge({ state }: { state: GateItem['state'] }) {
  const { mark, word } = STATE_WORDS[state];
  return (
    <span className={`gate-state gate-${state}`}>
      <span aria-hidden="true">{mark}</span> {word}
    </span>
  );
}

function Evidence({ item, what }: { item: Pick<GateItem, 'evidence' | 'label'>; what: string }) {
  if (item.evidence.length === 0) return null;
  return (
    <details className="evidence">
      <summary>
        Evidence<span className="visually-hidden"> for {item.label}</span> {what}
      </summary>
      <ul>
        {item.evidence.map((line, k) => (
          <li key={k}>{line}</li>
        ))}
      </ul>
    </details>
  );
}

/** Today's checklist, item by item. */
function Checklist({ items }: { items: readonly GateItem[] }) {
  return (
    <ul className="checklist" data-testid="checklist">
      {items.map((item) => (
        <li key={item.id} data-item={item.id} data-passed={item.passed} data-state={item.state}>
          <StateBadge state={item.state} /> <strong>{item.label}</strong>
          <p className="small">{item.detail}</p>
          <Evidence item={item} what="" />
        </li>
      ))}
    </ul>
  );
}

function recordHeading(record: GateRecord, format: Formatter): string {
  const when = format.date(record.at.slice(0, 10));
  const title = record.title === null ? '' : ` (${titleWords(record.title)})`;
  return record.event === 'signed_off'
    ? `At sign-off: ${record.by}${title}, ${when}`
    : `At publication: ${record.by}, ${when}`;
}

/**
 * The gate as recorded (at sign-off, and at publication when there is one), every item with its
 * state, sentence and evidence, and today's state beside it where it differs.
 */
function GateRecordTable({ status, format }: { status: SignoffView; format: Formatter }) {
  const { records, differences, checklist } = status;
  const newest = records.at(-1);
  if (newest === undefined) return null;
  const today = new Map(checklist.items.map((i) => [i.id, i]));
  return (
    <section aria-labelledby="gate-record-title" className="panel">
      <h3 id="gate-record-title">The gate as it stood</h3>
      <p className="small" data-testid="gate-record-summary">
        {differences.length === 0
          ? 'Today’s checklist is the same as the recorded one.'
          : `Since then ${differences.length === 1 ? 'one item has' : `${differences.length} items have`} changed: today’s state is shown beside the record. The record does not change.`}{' '}
        Approvers: {titlesWords(newest.approverTitles)}
        {newest.approverTitles.join() !== status.approverTitles.join() &&
          ` (today: ${titlesWords(status.approverTitles)})`}
        .
      </p>
      <div className="table-wrap">
        <table data-testid="gate-record" className="gate-record">
          <caption className="visually-hidden">
            The sign-off checklist as recorded, and today where it differs
          </caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              {records.map((r) => (
                <th scope="col" key={r.event}>
                  {recordHeading(r, format)}
                </th>
              ))}
              <th scope="col">Today</th>
            </tr>
          </thead>
          <tbody>
            {newest.items.map((item) => {
              const live = today.get(item.id);
              const changed = differences.includes(item.id);
              return (
                <tr key={item.id} data-item={item.id} data-changed={changed}>
                  <th scope="row">{item.label}</th>
                  {records.map((r) => {
                    const then = r.items.find((i) => i.id === item.id);
                    return (
                      <td key={r.event}>
                        {then === undefined ? (
                          '–'
                        ) : (
                          <>
                            <StateBadge state={then.state} />
                            <p className="small">{then.detail}</p>
                            <Evidence
                              item={then}
                              what={r.event === 'signed_off' ? 'at sign-off' : 'at publication'}
                            />
                          </>
                        )}
                      </td>
                    );
                  })}
                  <td data-testid="gate-today">
                    {!changed || live === undefined ? (
                      <span className="small">Unchanged</span>
                    ) : (
                      <>
                        <StateBadge state={live.state} />
                        <p className="small">{live.detail}</p>
                        <Evidence item={live} what="today" />
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Why the caller may not approve the quotas now, or null. */
function approvalBlock(status: SignoffView, session: Session, format: Formatter): string | null {
  const { title } = session.workspace;
  if (status.signedOff !== null) {
    return `Approvals are closed: v${status.version} was signed off by ${status.signedOff.by}.`;
  }
  if (title === null || !status.approverTitles.includes(title)) {
    return `The quotas are approved by ${titlesWords(status.approverTitles)}; your title is ${title === null ? 'none' : titleWords(title)}.`;
  }
  const email = session.me.user.email;
  const mine = status.approvals.find((a) => a.title === title || a.by === email);
  if (mine !== undefined) {
    return mine.by === email
      ? `You approved v${status.version} on ${format.date(mine.at)}.`
      : `The ${titleWords(title)} approved v${status.version} already (${mine.by}).`;
  }
  return null;
}

export function SignoffPanel({
  session,
  planId,
  version,
  latest,
  format,
}: {
  session: Session;
  planId: number;
  version: number;
  latest: boolean;
  format: Formatter;
}) {
  const queryClient = useQueryClient();
  const status = useQuery(signoffQuery(planId, version));
  const [reason, setReason] = useState('');
  const [superseding, setSuperseding] = useState<ReadonlySet<number>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const { role, title } = session.workspace;
  const isLeader = role === 'leader' && title !== null;
  const refresh = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: signoffQuery(planId, version).queryKey });
    await queryClient.invalidateQueries({ queryKey: ['register', planId] });
    await queryClient.invalidateQueries({ queryKey: ['plan', planId] });
    await queryClient.invalidateQueries({ queryKey: ['plans'] });
    // A publication changes what the tracking dashboards show.
    await queryClient.invalidateQueries({ queryKey: ['workspace'] });
  };
  const action = useMutation({
    mutationFn: async (kind: 'override' | 'approve' | 'signoff' | 'publish'): Promise<string> => {
      if (kind === 'override') {
        await overrideBacktest(planId, version, reason);
        return 'Override recorded: it counts once an approver other than you approves the quotas.';
      }
      if (kind === 'approve') {
        await approveQuotas(planId, version, null);
        return 'Quotas approved.';
      }
      if (kind === 'signoff') {
        await signOffVersion(planId, version);
        return `v${version} signed off: the gate is recorded as it stood.`;
      }
      const published = await publishVersion(planId, version, [...superseding]);
      return `v${published.version} published: the quota of record of ${published.reps} reps.`;
    },
    onSuccess: async (text) => {
      // The message appears with the checklist it speaks of.
      await refresh();
      setMessage(text);
      setReason('');
    },
  });
  if (status.isPending) return <Loading what="the sign-off checklist" />;
  if (status.isError) return <ErrorState error={status.error} what="the sign-off checklist" />;
  const data = status.data;
  const { checklist, signedOff, published, overlaps } = data;
  const backtest = checklist.items.find((i) => i.id === 'backtest-in-band');
  const backtestOpen = backtest?.state === 'open' && data.override === null;
  const blocked = approvalBlock(data, session, format);
  const everyOverlapTicked = overlaps.every((o) => superseding.has(o.planId));
  return (
    <section aria-labelledby="signoff-title" className="signoff">
      <h2 id="signoff-title">Sign-off</h2>
      <p data-testid="signoff-state">
        {published
          ? `v${version} is published.`
          : signedOff !== null
            ? `Signed off by ${signedOff.by} on ${format.date(signedOff.at.slice(0, 10))}.`
            : checklist.ready
              ? 'Every item is done: ready to sign off.'
              : 'Open items remain before sign-off.'}
      </p>
      <p className="small" data-testid="approver-policy">
        Sign-off needs the approval of {titlesWords(data.approverTitles)}, each a different person;
        a back-test outside the band counts only with a written override and an approval by someone
        other than the person who overrode it.
      </p>
      {published && (
        <p>
          Its quotas are the quotas of record: reps and managers follow them on their dashboards,
          and you on{' '}
          <Link to={planPath(planId, 'organisation')}>the organisation’s attainment</Link>.
        </p>
      )}
      <GateRecordTable status={data} format={format} />
      {data.records.length > 0 ? (
        // The record's Today column already shows every change; the full list stays at hand.
        <details className="today-checklist">
          <summary>Today’s checklist in full</summary>
          <Checklist items={checklist.items} />
        </details>
      ) : (
        <Checklist items={checklist.items} />
      )}
      {message !== null && (
        <p role="status" className="success-text" data-testid="signoff-message">
          {message}
        </p>
      )}
      {action.isError && (
        <p role="alert" className="error-text">
          {action.error.message}
        </p>
      )}
      {isLeader && !published && (
        <div className="panel" data-testid="leader-actions">
          <h3>Leader actions</h3>
          {data.approvals.length > 0 && (
            <p className="small" data-testid="approvals">
              Approved by{' '}
              {data.approvals
                .map((a) => `${a.by} (${titleWords(a.title)}, ${format.date(a.at)})`)
                .join('; ')}
              .
            </p>
          )}
          {backtestOpen && signedOff === null && (
            <div className="field">
              <label htmlFor="override-reason">
                Why accept the back-test outside the band (at least 10 characters)
              </label>
              <textarea
                id="override-reason"
                value={reason}
                rows={3}
                maxLength={4000}
                onChange={(event) => {
                  setReason(event.target.value);
                }}
              />
              <button
                type="button"
                disabled={reason.trim().length < 10 || action.isPending}
                onClick={() => {
                  action.mutate('override');
                }}
              >
                Accept the back-test
              </button>
            </div>
          )}
          <div className="filters">
            <button
              type="button"
              disabled={blocked !== null || action.isPending}
              onClick={() => {
                action.mutate('approve');
              }}
            >
              Approve the quotas
            </button>
            <button
              type="button"
              className="primary"
              disabled={
                !checklist.ready ||
                !latest ||
                signedOff !== null ||
                !data.approverTitles.includes(title) ||
                action.isPending
              }
              onClick={() => {
                action.mutate('signoff');
              }}
            >
              Sign off v{version}
            </button>
          </div>
          {blocked !== null && (
            <p className="small" data-testid="approve-blocked">
              {blocked}
            </p>
          )}
          {!latest && <p className="small">Only the newest version can be signed off.</p>}
        </div>
      )}
      {role === 'admin' && !published && (
        <div className="panel" data-testid="publish">
          <h3>Publish</h3>
          <p className="small">
            Publishing makes this version the quota of record: reps and managers see it on their
            dashboards. A plan is published once, and only while today’s checklist holds.
          </p>
          {overlaps.length > 0 && (
            <fieldset className="overlaps" data-testid="overlaps">
              <legend>Published plans with the same reps in the same months</legend>
              <p className="small">
                A rep holds one quota of record per month. Publishing this plan supersedes each plan
                below: it ends where this one starts.
              </p>
              {overlaps.map((o) => (
                <label key={o.planId} className="overlap">
                  <input
                    type="checkbox"
                    checked={superseding.has(o.planId)}
                    onChange={() => {
                      const next = new Set(superseding);
                      if (next.has(o.planId)) next.delete(o.planId);
                      else next.add(o.planId);
                      setSuperseding(next);
                    }}
                  />{' '}
                  Supersede “{o.name}”: it holds quotas of record for {o.reps.length} of these reps
                  in {o.label}
                </label>
              ))}
            </fieldset>
          )}
          <button
            type="button"
            className="primary"
            disabled={signedOff === null || !everyOverlapTicked || action.isPending}
            onClick={() => {
              action.mutate('publish');
            }}
          >
            Publish v{version}
          </button>
        </div>
      )}
    </section>
  );
}
