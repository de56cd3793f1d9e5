// Approver roles waiting for a second person (separation of duties, issue 13.4): an admin asked to
// make someone a leader; an existing leader, neither that admin nor the person it is for, approves
// or rejects it here. Admins see what is waiting; nothing shows when nothing is.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Formatter } from '../../format.ts';
import { decideRoleGrant, roleGrantsQuery } from '../../planning-api.ts';
import type { Session } from '../../session.ts';

const TITLE_WORDS: Record<string, string> = {
  vp_sales: 'VP Sales',
  cro: 'CRO',
  finance: 'Finance',
};

export function RoleGrantsPanel({ session, format }: { session: Session; format: Formatter }) {
  const queryClient = useQueryClient();
  const grants = useQuery(roleGrantsQuery);
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: number; approve: boolean }) => decideRoleGrant(id, approve),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: roleGrantsQuery.queryKey });
    },
  });
  const pending = (grants.data ?? []).filter((g) => g.state === 'pending');
  if (pending.length === 0) return null;
  const { role, title } = session.workspace;
  const me = session.me.user.email;
  const canDecide = role === 'leader' && title !== null;
  return (
    <section className="panel" aria-labelledby="grants-title" data-testid="role-grants">
      <h2 id="grants-title">Approver roles waiting for a leader</h2>
      <p className="small">
        A leader approves definitions, quotas and overrides and signs off, so RevOps cannot make
        anyone a leader alone: an existing leader other than the person who asked approves it.
      </p>
      {decide.isError && (
        <p role="alert" className="error-text">
          {decide.error.message}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Approver roles waiting for a leader</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role asked for</th>
              <th scope="col">Asked by</th>
              {canDecide && (
                <th scope="col">
                  <span className="visually-hidden">Decision</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {pending.map((g) => (
              <tr key={g.id} data-row-id={g.id}>
                <td>{g.email}</td>
                <td>
                  {g.role}
                  {g.title === null ? '' : ` (${TITLE_WORDS[g.title] ?? g.title})`}
                </td>
                <td>
                  {g.requestedBy}, {format.date(g.requestedAt.slice(0, 10))}
                </td>
                {canDecide && (
                  <td>
                    {g.email === me || g.requestedBy === me ? (
                      <span className="small">Another leader decides this one.</span>
                    ) : (
                      <div className="filters">
                        <button
                          type="button"
                          disabled={decide.isPending}
                          onClick={() => {
                            decide.mutate({ id: g.id, approve: true });
                          }}
                        >
                          Approve<span className="visually-hidden"> {g.email}</span>
                        </button>
                        <button
                          type="button"
                          disabled={decide.isPending}
                          onClick={() => {
                            decide.mutate({ id: g.id, approve: false });
                          }}
                        >
                          Reject<span className="visually-hidden"> {g.email}</span>
                        </button>
                      </div>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
