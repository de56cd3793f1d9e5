// The planning workspace's pages by path (RevOps and leaders only; the app routes here for
// /planning and below): the plans, one plan's workspace, the Definition Alignment approvals and
// the baseline of the history, the import wizard (RevOps).

import { Empty } from '../../components/states.tsx';
import type { Formatter } from '../../format.ts';
import { matchPath, useLocation } from '../../router.ts';
import type { Session } from '../../session.ts';
import { BaselinePage } from './baseline-page.tsx';
import { DefinitionsPage } from './definitions-page.tsx';
import { ImportPage } from './import-page.tsx';
import { PlansPage } from './plans-page.tsx';
import { PlanWorkspace } from './plan-workspace.tsx';

export function PlanningPages({ session, format }: { session: Session; format: Formatter }) {
  const { path } = useLocation();
  if (matchPath('/planning', path) !== null) return <PlansPage session={session} format={format} />;
  if (matchPath('/planning/definitions', path) !== null) {
    return <DefinitionsPage session={session} format={format} />;
  }
  if (matchPath('/planning/baseline', path) !== null) return <BaselinePage format={format} />;
  if (matchPath('/planning/import', path) !== null) {
    return session.workspace.role === 'admin' ? (
      <ImportPage />
    ) : (
      <Empty title="Not found">
        <p>Data is imported by RevOps (admin).</p>
      </Empty>
    );
  }
  const plan = matchPath('/planning/:planId', path);
  if (plan !== null && /^[1-9]\d{0,9}$/.test(plan.planId ?? '')) {
    const planId = Number(plan.planId);
    return <PlanWorkspace key={planId} session={session} planId={planId} format={format} />;
  }
  return (
    <Empty title="Not found">
      <p>There is no such planning page.</p>
    </Empty>
  );
}
