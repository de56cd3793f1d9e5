// The demo workspace `npm start` serves: the Maven sample imported, a v0 plan drafted from it,
// a published plan whose months the sample's deals cover (so the tracking dashboards show real
// bookings), and one user per role (a shared demo password, printed at start-up: a local demo only).

import { DEMO_FILES } from '../services/demo-service.ts';
import { importIntoWorkspace } from '../services/import-service.ts';
import {
  createDraftPlan,
  evaluatePlanText,
  requireVersion,
  saveVersion,
  setAssumptionStatus,
} from '../services/workflow/plan-versions.ts';
import { writeQuotaOfRecord } from '../services/workflow/signoff.ts';
import { plansOf, repsWithManagers } from '../services/workflow/queries.ts';
import type { LeaderTitle, MemberRole } from '../services/workflow/queries.ts';
import { workspaceIn } from '../services/workspace.ts';
import type { Workspace } from '../services/workspace.ts';
import type { Database } from '../services/auth-storage.ts';
import type { QuotaplanAuth } from './auth/index.ts';
import { addMember } from './members.ts';

export const DEMO_PASSWORD = 'quotaplan-demo';
export const DEMO_PLAN_NAME = 'FY2018 quotas (demo)';

export interface DemoUser {
  email: string;
  name: string;
  role: MemberRole;
  title: LeaderTitle | null;
  repId: string | null;
}

const SYSTEM = { userId: null, email: 'quotaplan demo set-up' };

/** The demo's plan to track: drafted on the data as of 30 June 2017, for July 2017 – June 2018. */
export const DEMO_TRACKING_PLAN = {
  name: 'FY2018 July–June tracking (demo)',
  asOf: '2017-06-30',
} as const;

/**
 * Publishes the tracking plan. The Maven deals end in December 2017, so the FY2018 (calendar)
 * plan would show no bookings at all; this one is half through its year on the data.
 *
 * Two demo touches, both saved as versions with a note: the target is set to twice the bookings
 * the sample really holds for July–December 2017 (the draft's "last 12 months flat" target would
 * come from only nine months of history, and every rep would look far ahead), so the people
 * spread over green, yellow and red; and a hire starting 1 November 2017 joins the demo
 * manager's team, so ramp tracking has someone to follow. Every input is then confirmed by the
 * set-up and the version is written as the quota of record directly (no definition approvals,
 * quota approvals or sign-off): those stay open for the FY2018 plan, where the planning
 * workflow is to be tried.
 */
async function publishTrackingPlan(
  workspace: Workspace,
  managerId: string | null,
  log: (message: string) => void,
): Promise<void> {
  log('Publishing a plan to track: July 2017 – June 2018, drafted on the data as of 30 June 2017…');
  const context = { workspace, actor: SYSTEM };
  const { planId } = await createDraftPlan(context, DEMO_TRACKING_PLAN);
  const v0 = await requireVersion(context, planId, 0);
  const { prepared } = await evaluatePlanText(workspace, v0.planYaml, `plan ${planId} v0`);
  const firstHalf = prepared.run.history.sellers.reduce(
    (sum, s) => sum + s.actual.slice(0, 6).reduce((a, b) => a + b, 0),
    0,
  );
  const target = Math.max(1000, Math.round((2 * firstHalf) / 100 / 1000) * 1000);
  const hire = {
    id: 'HIRE-DEMO',
    name: 'Nova Newhire (planned hire)',
    role: 'AE',
    start: '2017-11-01',
    ...(managerId === null ? {} : { manager: managerId }),
  };
  const edited = await saveVersion(context, {
    planId,
    baseVersion: 0,
    change: {
      kind: 'edits',
      edits: [
        { path: ['target'], value: target },
        { path: ['hires'], value: [hire] },
      ],
    },
    note: 'Demo set-up: target twice the July–December 2017 bookings; a hire in November',
  });
  const confirmed = await setAssumptionStatus(context, {
    planId,
    baseVersion: edited.version,
    keys: edited.results.assumptions.map((a) => a.key),
    status: 'CONFIRMED',
    note: 'Demo set-up: every input confirmed so the plan can be published for tracking',
  });
  const version = await requireVersion(context, planId, confirmed.version);
  const evaluated = await evaluatePlanText(workspace, version.planYaml, `plan ${planId}`);
  await writeQuotaOfRecord(context, planId, confirmed.version, evaluated);
}

/** Makes sure the demo workspace holds its data, a plan and its users; returns the users. */
export async function prepareDemoWorkspace(
  database: Database,
  auth: QuotaplanAuth,
  log: (message: string) => void,
): Promise<DemoUser[]> {
  let workspace = await workspaceIn(database, 'embedded', 'USD');
  if (workspace.created) {
    log('Importing the Maven CRM sample into the demo workspace…');
    const outcome = await importIntoWorkspace(
      workspace,
      { paths: DEMO_FILES, env: {}, preset: 'maven', importedBy: SYSTEM.email },
      undefined,
      undefined,
    );
    if (!outcome.ok) throw new Error(outcome.issues.map((i) => i.message).join('; '));
    workspace = await workspaceIn(database, 'embedded', 'USD');
  }
  const plans = await plansOf(workspace);
  if (!plans.some((p) => p.name === DEMO_PLAN_NAME)) {
    log('Drafting v0 of the demo plan from the data…');
    await createDraftPlan({ workspace, actor: SYSTEM }, { name: DEMO_PLAN_NAME });
  }
  // A manager of the sample and the first rep of their team.
  const roster = await repsWithManagers(workspace);
  const manager = roster.find((r) => r.role === 'MGR' && roster.some((x) => x.managerId === r.id));
  const rep = roster.find((r) => r.managerId === manager?.id);
  if (!plans.some((p) => p.publishedVersion !== null)) {
    await publishTrackingPlan(workspace, manager?.id ?? null, log);
  }
  const users: DemoUser[] = [
    {
      email: 'admin@demo.quotaplan.dev',
      name: 'Riley RevOps',
      role: 'admin',
      title: null,
      repId: null,
    },
    {
      email: 'vp.sales@demo.quotaplan.dev',
      name: 'Vera VP Sales',
      role: 'leader',
      title: 'vp_sales',
      repId: null,
    },
    {
      email: 'cro@demo.quotaplan.dev',
      name: 'Casey CRO',
      role: 'leader',
      title: 'cro',
      repId: null,
    },
    {
      email: 'finance@demo.quotaplan.dev',
      name: 'Fin Finance',
      role: 'leader',
      title: 'finance',
      repId: null,
    },
  ];
  if (manager !== undefined) {
    users.push({
      email: 'manager@demo.quotaplan.dev',
      name: manager.name,
      role: 'manager',
      title: null,
      repId: manager.id,
    });
  }
  if (rep !== undefined) {
    users.push({
      email: 'rep@demo.quotaplan.dev',
      name: rep.name,
      role: 'rep',
      title: null,
      repId: rep.id,
    });
  }
  for (const user of users) {
    await addMember(auth, workspace, SYSTEM, { ...user, password: DEMO_PASSWORD });
  }
  return users;
}
