// The frame of every signed-in page: a skip link, the header with the plan, the navigation a
// role is allowed (a rep: their own pages; a manager: their team; leaders and RevOps: the
// organisation and every team), who is signed in and the sign-out button.

import type { ReactNode } from 'react';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ApiTrackingPlan } from '../../contracts/api.ts';
import { quotaLetterUrl, signOut, switchWorkspace, WORKSPACE } from '../api.ts';
import { makeFormatter } from '../format.ts';
import { navigate, useLocation } from '../router.ts';
import { planPath, repPath, roleWords, seesEverything, teamPath } from '../session.ts';
import type { Session } from '../session.ts';
import { Link } from './link.tsx';

interface NavItem {
  to: string;
  label: string;
  /** Path prefix that marks the item as the current page. */
  match: string;
}

function navItems(session: Session, plan: ApiTrackingPlan | null): NavItem[] {
  const { role, repId } = session.workspace;
  // The planning workspace needs no published plan.
  const planning: NavItem[] = seesEverything(role)
    ? [{ to: '/planning', label: 'Planning', match: '/planning' }]
    : [];
  // The records of the workspace: the audit log (RevOps and leaders), the members (RevOps).
  const records: NavItem[] = [
    ...(seesEverything(role)
      ? [{ to: '/audit-log', label: 'Audit log', match: '/audit-log' }]
      : []),
    ...(role === 'admin' ? [{ to: '/members', label: 'Members', match: '/members' }] : []),
  ];
  if (plan === null) return [...planning, ...records];
  const adjustments: NavItem = {
    to: planPath(plan.id, 'adjustments'),
    label: 'Adjustments',
    match: planPath(plan.id, 'adjustments'),
  };
  const disputes: NavItem = {
    to: planPath(plan.id, 'disputes'),
    label: role === 'rep' ? 'My disputes' : 'Disputes',
    match: planPath(plan.id, 'disputes'),
  };
  if (seesEverything(role)) {
    return [
      ...planning,
      {
        to: planPath(plan.id, 'organisation'),
        label: 'Organisation',
        match: planPath(plan.id, 'organisation'),
      },
      { to: teamPath(plan.id), label: 'Teams', match: planPath(plan.id, 'team') },
      adjustments,
      disputes,
      ...records,
    ];
  }
  if (repId === null) return [];
  if (role === 'manager') {
    return [
      { to: teamPath(plan.id), label: 'My team', match: planPath(plan.id, 'team') },
      adjustments,
      disputes,
    ];
  }
  const dashboard = repPath(plan.id, repId);
  return [
    // The dashboard and the credited deals behind its bookings figure (…/deals).
    { to: dashboard, label: 'My dashboard', match: dashboard },
    disputes,
  ];
}

export function Layout({
  session,
  plan,
  children,
}: {
  session: Session;
  plan: ApiTrackingPlan | null;
  children: ReactNode;
}) {
  const { path } = useLocation();
  const queryClient = useQueryClient();
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const items = navItems(session, plan);
  const { workspace, me } = session;
  const plans = workspace.trackingPlans;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <Link to="/">quotaplan</Link>
        </div>
        <nav aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={path.startsWith(item.match) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
            {plan !== null && workspace.role === 'rep' && workspace.repId !== null && (
              <li>
                <a href={quotaLetterUrl(plan.id, workspace.repId)} target="_blank" rel="noreferrer">
                  My quota letter<span className="visually-hidden"> (opens in a new tab)</span>
                </a>
              </li>
            )}
          </ul>
        </nav>
        {plans.length > 1 && plan !== null && (
          <div className="plan-picker">
            <label htmlFor="plan-picker">Plan</label>
            <select
              id="plan-picker"
              value={plan.id}
              onChange={(event) => {
                navigate(path.replace(`/plans/${plan.id}/`, `/plans/${event.target.value}/`));
              }}
            >
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {plans.length <= 1 && plan !== null && <p className="plan-name">{plan.name}</p>}
        {me.memberships.length > 1 && (
          <div className="plan-picker" data-testid="workspace-switcher">
            <label htmlFor="workspace-picker">Workspace</label>
            <select
              id="workspace-picker"
              value={WORKSPACE}
              onChange={(event) => {
                switchWorkspace(event.target.value);
              }}
            >
              {me.memberships.map((m) => (
                <option key={m.workspaceId} value={m.workspaceId}>
                  {m.workspaceId}
                </option>
              ))}
            </select>
          </div>
        )}
        {workspace.dataAsOf !== null && (
          <p className="data-as-of" data-testid="data-as-of" title={workspace.dataAsOf.note}>
            Data as of{' '}
            {makeFormatter(workspace.currency, workspace.basis).date(workspace.dataAsOf.date)}
            <span className="visually-hidden"> ({workspace.dataAsOf.note})</span>
          </p>
        )}
        <div className="who">
          <span>
            {me.user.name} · <span data-testid="role">{roleWords(workspace)}</span>
          </span>
          <button
            type="button"
            onClick={() => {
              signOut()
                .then(() => {
                  queryClient.clear();
                  navigate('/sign-in', { replace: true });
                })
                .catch((error: unknown) => {
                  setSignOutError(error instanceof Error ? error.message : String(error));
                });
            }}
          >
            Sign out
          </button>
          {signOutError !== null && (
            <span role="alert" className="error-text">
              {signOutError}
            </span>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
