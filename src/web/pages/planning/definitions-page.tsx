// The Definition Alignment Document (seed 1d): every term with its current wording and the
// approvals it still needs; the VP of Sales and the CRO approve the terms here.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '../../components/link.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Formatter } from '../../format.ts';
import { approveDefinition, definitionsQuery } from '../../planning-api.ts';
import type { Session } from '../../session.ts';

const TITLES: Record<string, string> = { vp_sales: 'VP Sales', cro: 'CRO', finance: 'Finance' };

export function DefinitionsPage({ session, format }: { session: Session; format: Formatter }) {
  const queryClient = useQueryClient();
  const terms = useQuery(definitionsQuery);
  const { role, title } = session.workspace;
  const approve = useMutation({
    mutationFn: (key: string) => approveDefinition(key),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: definitionsQuery.queryKey });
      // The checklist's "definitions approved" item reads these, and the package's Definition
      // Alignment Document shows them.
      await queryClient.invalidateQueries({ queryKey: ['signoff'] });
      await queryClient.invalidateQueries({ queryKey: ['documents'] });
    },
  });
  const pending = (terms.data ?? []).filter((t) => !t.approved).length;
  return (
    <>
      <div className="page-head">
        <h1>Definition Alignment</h1>
        <p className="subtitle">
          <Link to="/planning">Planning</Link> · every term needs the approval of the VP Sales and
          the CRO before sign-off
        </p>
      </div>
      {terms.isPending && <Loading what="the definitions" />}
      {terms.isError && <ErrorState error={terms.error} what="the definitions" />}
      {approve.isError && (
        <p role="alert" className="error-text">
          {approve.error.message}
        </p>
      )}
      {terms.data !== undefined && (
        <>
          <p aria-live="polite" data-testid="definitions-pending">
            {pending === 0
              ? 'Every term is approved.'
              : `${pending} of ${terms.data.length} terms still need an approval.`}
          </p>
          <ul className="definitions" data-testid="definitions">
            {terms.data.map((t) => {
              const mine = role === 'leader' && title !== null && t.missing.includes(title);
              return (
                <li key={t.key} className="panel" data-term={t.key} data-approved={t.approved}>
                  <h2>{t.term}</h2>
                  <p>{t.definition}</p>
                  <p className="small">
                    Revision {t.revision}, {format.date(t.updatedAt.slice(0, 10))} by {t.updatedBy}
                    {' · '}
                    {t.approvals.length === 0
                      ? 'no approvals yet'
                      : `approved by ${t.approvals
                          .map((a) => `${TITLES[a.title] ?? a.title} (${a.by})`)
                          .join(', ')}`}
                    {t.missing.length > 0 &&
                      ` · waiting for ${t.missing.map((m) => TITLES[m] ?? m).join(' and ')}`}
                  </p>
                  {mine && (
                    <button
                      type="button"
                      className="primary"
                      disabled={approve.isPending}
                      onClick={() => {
                        approve.mutate(t.key);
                      }}
                    >
                      Approve “{t.term}” as {TITLES[title] ?? title}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
