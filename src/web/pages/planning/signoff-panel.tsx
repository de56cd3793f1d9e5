// The sign-off gate of a version: the checklist computed by the server, and the steps that feed
// it — a leader accepts a back-test outside the band (with a written reason), approves the
// quotas and signs off; RevOps publishes the signed-off version as the quota of record.

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
import { planPath } from '../../session.ts';
import type { Session } from '../../session.ts';

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
  const [message, setMessage] = useState<string | null>(null);
  const { role, title } = session.workspace;
  const isLeader = role === 'leader' && title !== null;
  const refresh = async (): Promise<void> => {
    await queryClient.invalidateQueries({ queryKey: signoffQuery(planId, version).queryKey });
    await queryClient.invalidateQueries({ queryKey: ['plan', planId] });
    await queryClient.invalidateQueries({ queryKey: ['plans'] });
    // A publication changes what the tracking dashboards show.
    await queryClient.invalidateQueries({ queryKey: ['workspace'] });
  };
  const action = useMutation({
    mutationFn: async (kind: 'override' | 'approve' | 'signoff' | 'publish'): Promise<string> => {
      if (kind === 'override') {
        await overrideBacktest(planId, version, reason);
        return 'Back-test accepted.';
      }
      if (kind === 'approve') {
        await approveQuotas(planId, version, null);
        return 'Quotas approved.';
      }
      if (kind === 'signoff') {
        await signOffVersion(planId, version);
        return `v${version} signed off.`;
      }
      const published = await publishVersion(planId, version);
      return `v${published.version} published: the quota of record of ${published.reps} reps.`;
    },
    onSuccess: async (text) => {
      setMessage(text);
      setReason('');
      await refresh();
    },
  });
  if (status.isPending) return <Loading what="the sign-off checklist" />;
  if (status.isError) return <ErrorState error={status.error} what="the sign-off checklist" />;
  const { checklist, signedOff, published } = status.data;
  const backtestOpen = checklist.items.some((i) => i.id === 'backtest-in-band' && !i.passed);
  return (
    <section aria-labelledby="signoff-title">
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
      {published && (
        <p>
          Its quotas are the quotas of record: reps and managers follow them on their dashboards,
          and you on{' '}
          <Link to={planPath(planId, 'organisation')}>the organisation’s attainment</Link>.
        </p>
      )}
      <ul className="checklist" data-testid="checklist">
        {checklist.items.map((item) => (
          <li key={item.id} data-item={item.id} data-passed={item.passed}>
            <span aria-hidden="true">{item.passed ? '✔' : '✘'}</span> <strong>{item.label}</strong>
            <span className="visually-hidden">{item.passed ? ' done' : ' open'}</span>
            <p className="small">{item.detail}</p>
          </li>
        ))}
      </ul>
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
        <div className="panel">
          <h3>Leader actions</h3>
          {backtestOpen && (
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
              disabled={action.isPending}
              onClick={() => {
                action.mutate('approve');
              }}
            >
              Approve the quotas
            </button>
            <button
              type="button"
              className="primary"
              disabled={!checklist.ready || !latest || signedOff !== null || action.isPending}
              onClick={() => {
                action.mutate('signoff');
              }}
            >
              Sign off v{version}
            </button>
          </div>
          {!latest && <p className="small">Only the newest version can be signed off.</p>}
        </div>
      )}
      {role === 'admin' && !published && (
        <div className="panel">
          <h3>Publish</h3>
          <p className="small">
            Publishing makes this version the quota of record: reps and managers see it on their
            dashboards. A plan is published once.
          </p>
          <button
            type="button"
            className="primary"
            disabled={signedOff === null || action.isPending}
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
