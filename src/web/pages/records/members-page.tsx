// The workspace's members (RevOps): invite a person with a first password and a role, change a
// member's role, remove a member. A leader role asked for here waits for an existing leader's
// approval (separation of duties, shown as pending); the last admin can be neither demoted nor
// removed; every change is in the audit log.

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CsvButton } from '../../components/csv-button.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { csvFileName } from '../../csv-export.ts';
import type { CsvColumn } from '../../csv-export.ts';
import type { Formatter } from '../../format.ts';
import { roleGrantsQuery } from '../../planning-api.ts';
import { changeMemberRole, inviteMember, membersQuery, removeMember } from '../../records-api.ts';
import type { LeaderTitle, Member, MemberRole } from '../../records-api.ts';
import type { Session } from '../../session.ts';
import { RoleGrantsPanel } from '../planning/role-grants-panel.tsx';

const ROLE_CHOICES: readonly {
  value: string;
  role: MemberRole;
  title: LeaderTitle | null;
  words: string;
}[] = [
  { value: 'admin', role: 'admin', title: null, words: 'RevOps (admin)' },
  { value: 'leader:vp_sales', role: 'leader', title: 'vp_sales', words: 'Leader: VP Sales' },
  { value: 'leader:cro', role: 'leader', title: 'cro', words: 'Leader: CRO' },
  { value: 'leader:finance', role: 'leader', title: 'finance', words: 'Leader: Finance' },
  { value: 'leader', role: 'leader', title: null, words: 'Leader (no title)' },
  { value: 'manager', role: 'manager', title: null, words: 'Manager' },
  { value: 'rep', role: 'rep', title: null, words: 'Rep' },
];

function choiceOf(m: Pick<Member, 'role' | 'title'>): string {
  return m.role === 'leader' && m.title !== null ? `leader:${m.title}` : m.role;
}

function roleWordsOf(m: Pick<Member, 'role' | 'title'>): string {
  return ROLE_CHOICES.find((c) => c.value === choiceOf(m))?.words ?? m.role;
}

export function MembersPage({ session, format }: { session: Session; format: Formatter }) {
  const queryClient = useQueryClient();
  const members = useQuery(membersQuery);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: membersQuery.queryKey });
    await queryClient.invalidateQueries({ queryKey: roleGrantsQuery.queryKey });
  };
  const change = useMutation({
    mutationFn: ({ member, value }: { member: Member; value: string }) => {
      const choice = ROLE_CHOICES.find((c) => c.value === value);
      if (choice === undefined) throw new Error(`no role ${value}`);
      return changeMemberRole(member.userId, {
        role: choice.role,
        title: choice.title,
        repId: null,
      }).then((result) => ({ member, choice, result }));
    },
    onSuccess: async ({ member, choice, result }) => {
      setMessage(
        result.pendingGrant === null
          ? `${member.email} is now ${choice.words}.`
          : `${member.email} becomes ${choice.words} once another leader approves (request ${result.pendingGrant}).`,
      );
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (member: Member) => removeMember(member.userId).then(() => member),
    onSuccess: async (member) => {
      setMessage(`${member.email} was removed from the workspace.`);
      await refresh();
    },
  });
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const columns: CsvColumn<Member>[] = [
    { header: 'Name', value: (m) => m.name },
    { header: 'E-mail', value: (m) => m.email },
    { header: 'Role', value: (m) => roleWordsOf(m) },
    { header: 'Rep id', value: (m) => m.repId },
  ];
  const error = change.error ?? remove.error;
  return (
    <>
      <div className="page-head">
        <h1>Members</h1>
        <p>
          Who may sign in to this workspace and what each may do. Making someone a leader (who
          approves quotas and signs off) waits for an existing leader’s approval.
        </p>
      </div>
      <InviteForm
        onDone={async (text) => {
          setMessage(text);
          await refresh();
        }}
      />
      <RoleGrantsPanel session={session} format={format} />
      {message !== null && (
        <p role="status" className="success-text">
          {message}
        </p>
      )}
      {error !== null && (
        <p role="alert" className="error-text">
          {error.message}
        </p>
      )}
      {members.isPending ? (
        <Loading what="the members" />
      ) : members.isError ? (
        <ErrorState error={members.error} what="the members" />
      ) : (
        <section aria-labelledby="members-title">
          <div className="table-actions">
            <h2 id="members-title">{members.data.length} members</h2>
            <CsvButton
              fileName={csvFileName('members')}
              columns={columns}
              rows={members.data}
              what="members"
            />
          </div>
          <div className="table-wrap">
            <table data-testid="members-table">
              <caption className="visually-hidden">Members of the workspace</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Role</th>
                  <th scope="col">Rep record</th>
                  <th scope="col">Change role</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {members.data.map((m) => {
                  const me = m.email === session.me.user.email;
                  const value = chosen[m.userId] ?? choiceOf(m);
                  return (
                    <tr key={m.userId} data-row-id={m.email}>
                      <td>{m.name}</td>
                      <td>{m.email}</td>
                      <td>{roleWordsOf(m)}</td>
                      <td>{m.repId ?? '–'}</td>
                      <td>
                        <div className="filters">
                          <label className="visually-hidden" htmlFor={`role-${m.userId}`}>
                            New role of {m.email}
                          </label>
                          <select
                            id={`role-${m.userId}`}
                            value={value}
                            onChange={(event) => {
                              setChosen({ ...chosen, [m.userId]: event.target.value });
                            }}
                          >
                            {ROLE_CHOICES.map((c) => (
                              <option key={c.value} value={c.value}>
                                {c.words}
                              </option>
                            ))}
                          </select>
                          <button
                            type="button"
                            disabled={value === choiceOf(m) || change.isPending}
                            onClick={() => {
                              setMessage(null);
                              change.mutate({ member: m, value });
                            }}
                          >
                            Change<span className="visually-hidden"> the role of {m.email}</span>
                          </button>
                        </div>
                      </td>
                      <td>
                        <button
                          type="button"
                          disabled={remove.isPending}
                          onClick={() => {
                            const sure = window.confirm(
                              me
                                ? 'Remove yourself from this workspace? You will lose access at once.'
                                : `Remove ${m.email} from this workspace?`,
                            );
                            if (!sure) return;
                            setMessage(null);
                            remove.mutate(m);
                          }}
                        >
                          Remove<span className="visually-hidden"> {m.email}</span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}

function InviteForm({ onDone }: { onDone: (message: string) => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState('rep');
  const [repId, setRepId] = useState('');
  const choice = ROLE_CHOICES.find((c) => c.value === role) ?? ROLE_CHOICES[0];
  const invite = useMutation({
    mutationFn: () =>
      inviteMember({
        email: email.trim(),
        name: name.trim(),
        password,
        role: choice?.role ?? 'rep',
        title: choice?.title ?? null,
        repId: repId.trim() === '' ? null : repId.trim(),
      }),
    onSuccess: async (result) => {
      const who = email.trim();
      setEmail('');
      setName('');
      setPassword('');
      setRepId('');
      await onDone(
        result.pendingGrant === null
          ? `${who} was added as ${choice?.words ?? role}. Give them their first password yourself; they can change it after signing in.`
          : `${who} was added; the role ${choice?.words ?? role} waits for another leader's approval (request ${result.pendingGrant}).`,
      );
    },
  });
  const needsRep = choice?.role === 'manager' || choice?.role === 'rep';
  return (
    <section className="panel" aria-labelledby="invite-title" data-testid="invite-form">
      <h2 id="invite-title">Add a member</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          invite.mutate();
        }}
      >
        <div className="form-grid">
          <div className="field">
            <label htmlFor="invite-email">E-mail</label>
            <input
              id="invite-email"
              type="email"
              required
              autoComplete="off"
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="invite-name">Name</label>
            <input
              id="invite-name"
              required
              value={name}
              onChange={(event) => {
                setName(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="invite-password">First password (12 characters or more)</label>
            <input
              id="invite-password"
              type="password"
              required
              minLength={12}
              autoComplete="new-password"
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="invite-role">Role</label>
            <select
              id="invite-role"
              value={role}
              onChange={(event) => {
                setRole(event.target.value);
              }}
            >
              {ROLE_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.words}
                </option>
              ))}
            </select>
          </div>
          {needsRep && (
            <div className="field">
              <label htmlFor="invite-rep">Rep id (found by e-mail when empty)</label>
              <input
                id="invite-rep"
                value={repId}
                onChange={(event) => {
                  setRepId(event.target.value);
                }}
              />
            </div>
          )}
        </div>
        {invite.isError && (
          <p role="alert" className="error-text">
            {invite.error.message}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={invite.isPending}>
            Add the member
          </button>
        </div>
      </form>
    </section>
  );
}
