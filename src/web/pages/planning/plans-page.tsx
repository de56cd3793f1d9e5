// The planning workspace's start (RevOps and leaders): every plan with its newest and published
// versions (and which published plan superseded which), a link to the Definition Alignment
// approvals, approver roles waiting for a leader, and (RevOps) drafting a new plan's v0 under a
// name no other plan has.

import { useState } from 'react';
import type { SyntheticEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CsvButton } from '../../components/csv-button.tsx';
import { Link } from '../../components/link.tsx';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { csvFileName } from '../../csv-export.ts';
import type { Formatter } from '../../format.ts';
import { planningPath } from '../../planning.ts';
import { draftPlan, plansQuery } from '../../planning-api.ts';
import type { PlanListing } from '../../planning-api.ts';
import { navigate } from '../../router.ts';
import type { Session } from '../../session.ts';
import { RoleGrantsPanel } from './role-grants-panel.tsx';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'Jan 2018' of an ISO date. */
function monthWords(date: string): string {
  return `${MONTHS[Number(date.slice(5, 7)) - 1] ?? ''} ${date.slice(0, 4)}`;
}

/** The published column: version and date, then what it superseded or what superseded it. */
function publishedWords(p: PlanListing, all: readonly PlanListing[], format: Formatter): string {
  if (p.publishedVersion === null) return 'not yet';
  const nameOf = (id: number): string => all.find((x) => x.id === id)?.name ?? `plan ${id}`;
  const when = p.publishedAt === null ? '' : `, ${format.date(p.publishedAt.slice(0, 10))}`;
  const parts = [`v${p.publishedVersion}${when}`];
  if (p.supersedes.length > 0) parts.push(`supersedes ${p.supersedes.map(nameOf).join(', ')}`);
  if (p.supersededBy !== null && p.supersededFrom !== null) {
    parts.push(`superseded by ${nameOf(p.supersededBy)} from ${monthWords(p.supersededFrom)}`);
  }
  return parts.join(' · ');
}

function DraftForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const draft = useMutation({
    mutationFn: (planName: string) => draftPlan(planName),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: plansQuery.queryKey });
      navigate(planningPath(created.planId, created.version));
    },
  });
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (name.trim() !== '') draft.mutate(name.trim());
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="draft-title">
      <h2 id="draft-title">Draft a new plan</h2>
      <p className="small">
        v0 is drafted from the imported data with every input ASSUMED; edit and confirm it from
        there.
      </p>
      <div className="filters">
        <div className="field">
          <label htmlFor="plan-name">Plan name</label>
          <input
            id="plan-name"
            value={name}
            maxLength={200}
            required
            onChange={(event) => {
              setName(event.target.value);
            }}
          />
        </div>
        <button type="submit" className="primary" disabled={draft.isPending}>
          {draft.isPending ? 'Drafting…' : 'Draft v0'}
        </button>
      </div>
      {draft.isError && (
        <p role="alert" className="error-text">
          {draft.error.message}
        </p>
      )}
    </form>
  );
}

export function PlansPage({ session, format }: { session: Session; format: Formatter }) {
  const plans = useQuery(plansQuery);
  const isAdmin = session.workspace.role === 'admin';
  return (
    <>
      <div className="page-head">
        <h1>Planning</h1>
        <p className="subtitle">
          Plans and their versions · <Link to="/planning/definitions">Definition Alignment</Link> ·{' '}
          <Link to="/planning/baseline">Baseline</Link>
          {isAdmin && (
            <>
              {' · '}
              <Link to="/planning/import">Import data</Link>
            </>
          )}
        </p>
      </div>
      {plans.isPending && <Loading what="the plans" />}
      {plans.isError && <ErrorState error={plans.error} what="the plans" />}
      {plans.data?.length === 0 && (
        <Empty title="No plans yet">
          <p>
            {isAdmin
              ? 'Draft the first plan below once the CRM data is imported.'
              : 'RevOps has not drafted a plan yet.'}
          </p>
        </Empty>
      )}
      {plans.data !== undefined && plans.data.length > 0 && (
        <div className="table-wrap">
          <div className="table-actions">
            <CsvButton
              fileName={csvFileName('plans')}
              columns={[
                { header: 'Plan', value: (p: PlanListing) => p.name },
                { header: 'Plan id', value: (p: PlanListing) => p.id },
                { header: 'Newest version', value: (p: PlanListing) => p.latestVersion },
                { header: 'Published version', value: (p: PlanListing) => p.publishedVersion },
                {
                  header: 'Published',
                  value: (p: PlanListing) => publishedWords(p, plans.data, format),
                },
                { header: 'Created at', value: (p: PlanListing) => p.createdAt },
                { header: 'Created by', value: (p: PlanListing) => p.createdBy },
              ]}
              rows={plans.data}
              what="plans"
            />
          </div>
          <table data-testid="plans">
            <caption>Plans, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col" className="num">
                  Newest version
                </th>
                <th scope="col">Published</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {plans.data.map((p) => (
                <tr key={p.id} data-row-id={p.id}>
                  <td>
                    <Link to={planningPath(p.id)}>{p.name}</Link>
                  </td>
                  <td className="num">v{p.latestVersion}</td>
                  <td>{publishedWords(p, plans.data, format)}</td>
                  <td>
                    {format.date(p.createdAt.slice(0, 10))} by {p.createdBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RoleGrantsPanel session={session} format={format} />
      {isAdmin && <DraftForm />}
    </>
  );
}
