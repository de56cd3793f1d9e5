// The app: who is signed in decides between the sign-in page and the dashboards; the path
// decides the page, and a role only reaches the pages it may see (others are "not found").

import { useEffect, useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ApiTrackingPlan } from '../contracts/api.ts';
import { ApiError, meQuery, workspaceQuery } from './api.ts';
import { Layout } from './components/layout.tsx';
import { Empty, ErrorState, Loading } from './components/states.tsx';
import { makeFormatter } from './format.ts';
import { OrgDashboard } from './pages/org-dashboard.tsx';
import { PlanningPages } from './pages/planning/planning-pages.tsx';
import { RepDashboard } from './pages/rep-dashboard.tsx';
import { AdjustmentsPage } from './pages/records/adjustments-page.tsx';
import { AuditLogPage } from './pages/records/audit-log-page.tsx';
import { CreditedDealsPage } from './pages/records/credited-deals-page.tsx';
import { DisputesPage } from './pages/records/disputes-page.tsx';
import { MembersPage } from './pages/records/members-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { TeamDashboard } from './pages/team-dashboard.tsx';
import { hrefOf, matchPath, navigate, useLocation } from './router.ts';
import { homeOf, seesEverything } from './session.ts';
import type { Session } from './session.ts';

/** Only paths of this app are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function App() {
  const { path, href, search } = useLocation();
  const next = search.get('next');
  const me = useQuery(meQuery);
  const signedOut = me.data === null;
  useEffect(() => {
    if (signedOut && path !== '/sign-in') {
      navigate(hrefOf('/sign-in', { next: href === '/' ? undefined : href }), { replace: true });
    } else if (me.data != null && path === '/sign-in') {
      navigate(safeNext(next), { replace: true });
    }
  }, [signedOut, me.data, path, href, next]);
  useEffect(() => {
    document.title = titleOf(path);
  }, [path]);

  if (me.isPending) return <Loading what="quotaplan" />;
  if (me.isError) return <ErrorState error={me.error} what="your account" />;
  if (me.data === null) return path === '/sign-in' ? <SignInPage /> : <Loading what="sign-in" />;
  return <SignedIn me={me.data} />;
}

function titleOf(path: string): string {
  if (path === '/sign-in') return 'Sign in · quotaplan';
  if (path.endsWith('/organisation')) return 'Organisation · quotaplan';
  if (path.endsWith('/team')) return 'Team · quotaplan';
  if (path.includes('/reps/')) return 'Rep dashboard · quotaplan';
  if (path === '/planning' || path.startsWith('/planning/')) return 'Planning · quotaplan';
  if (path.endsWith('/adjustments')) return 'Adjustments · quotaplan';
  if (path.endsWith('/deals')) return 'Credited deals · quotaplan';
  if (path.endsWith('/disputes')) return 'Disputes · quotaplan';
  if (path === '/audit-log') return 'Audit log · quotaplan';
  if (path === '/members') return 'Members · quotaplan';
  return 'quotaplan';
}

function SignedIn({ me }: { me: Session['me'] }) {
  const { path } = useLocation();
  const workspace = useQuery(workspaceQuery);
  const format = useMemo(
    () =>
      workspace.data === undefined
        ? null
        : makeFormatter(workspace.data.currency, workspace.data.basis),
    [workspace.data],
  );
  if (workspace.isPending) return <Loading what="your workspace" />;
  if (workspace.isError) {
    const notMember = workspace.error instanceof ApiError && workspace.error.status === 404;
    return (
      <main id="main">
        {notMember ? (
          <Empty title="No workspace yet">
            <p>
              You are signed in as {me.user.email}, but not a member of this workspace. Ask your
              RevOps team to add you.
            </p>
          </Empty>
        ) : (
          <ErrorState error={workspace.error} what="your workspace" />
        )}
      </main>
    );
  }
  const session: Session = { me, workspace: workspace.data };
  const plans = workspace.data.trackingPlans;
  const planMatch =
    matchPath('/plans/:planId/:page', path) ??
    matchPath('/plans/:planId/reps/:repId', path) ??
    matchPath('/plans/:planId/reps/:repId/deals', path);
  const plan: ApiTrackingPlan | null =
    planMatch === null
      ? (plans[0] ?? null)
      : (plans.find((p) => String(p.id) === planMatch.planId) ?? null);
  return (
    <Layout session={session} plan={plan}>
      <Page session={session} plan={plan} format={format ?? makeFormatter('USD', 'amount')} />
    </Layout>
  );
}

function NotFound() {
  return (
    <Empty title="Not found">
      <p>There is no such page, or it is outside what your role lets you see.</p>
    </Empty>
  );
}

function Page({
  session,
  plan,
  format,
}: {
  session: Session;
  plan: ApiTrackingPlan | null;
  format: ReturnType<typeof makeFormatter>;
}) {
  const { path } = useLocation();
  const role = session.workspace.role;
  const home = plan === null ? null : homeOf(session, plan);
  useEffect(() => {
    if (path === '/' && home !== null) navigate(home, { replace: true });
  }, [path, home]);

  if (path === '/planning' || path.startsWith('/planning/')) {
    return seesEverything(role) ? (
      <PlanningPages session={session} format={format} />
    ) : (
      <NotFound />
    );
  }
  if (path === '/audit-log') {
    return seesEverything(role) ? <AuditLogPage session={session} format={format} /> : <NotFound />;
  }
  if (path === '/members') {
    return role === 'admin' ? <MembersPage session={session} format={format} /> : <NotFound />;
  }
  if (path === '/') {
    if (plan === null) {
      return (
        <Empty title="Nothing to track yet">
          <p>
            No plan has been published in this workspace. Attainment dashboards appear here once
            RevOps publishes the signed-off quotas.
          </p>
        </Empty>
      );
    }
    if (home === null) {
      return (
        <Empty title="No rep record linked">
          <p>Your membership is not linked to a rep record; ask RevOps to link it.</p>
        </Empty>
      );
    }
    return <Loading what="your dashboard" />;
  }
  if (plan === null) return <NotFound />;
  const deals = matchPath('/plans/:planId/reps/:repId/deals', path);
  if (deals !== null) {
    return (
      <CreditedDealsPage
        key={deals.repId}
        session={session}
        plan={plan}
        repId={deals.repId ?? ''}
        format={format}
      />
    );
  }
  if (matchPath('/plans/:planId/disputes', path) !== null) {
    return <DisputesPage session={session} plan={plan} format={format} />;
  }
  const rep = matchPath('/plans/:planId/reps/:repId', path);
  if (rep !== null) {
    return (
      <RepDashboard
        key={rep.repId}
        session={session}
        plan={plan}
        repId={rep.repId ?? ''}
        format={format}
      />
    );
  }
  if (matchPath('/plans/:planId/team', path) !== null && role !== 'rep') {
    return <TeamDashboard session={session} plan={plan} format={format} />;
  }
  if (matchPath('/plans/:planId/adjustments', path) !== null && role !== 'rep') {
    return <AdjustmentsPage session={session} plan={plan} format={format} />;
  }
  if (matchPath('/plans/:planId/organisation', path) !== null && seesEverything(role)) {
    return <OrgDashboard plan={plan} format={format} />;
  }
  return <NotFound />;
}
