// The demo workspace `npm start` serves: the Maven sample imported, a v0 plan drafted from it,
// one user per role (a shared demo password, printed at start-up: a local demo only), and a
// published plan whose months the sample's deals cover (so the tracking dashboards show real
// bookings), taken to publication through the same workflow a user follows, each step by the
// demo user whose role it is.

import { titleName } from '../core/workflow/index.ts';
import { DEMO_FILES } from '../services/demo-service.ts';
import { importIntoWorkspace } from '../services/import-service.ts';
import { decideAssumption, versionRegister } from '../services/workflow/assumptions.ts';
import { approveDefinition, listDefinitions } from '../services/workflow/definitions.ts';
import type { Actor } from '../services/workflow/errors.ts';
import {
  createDraftPlan,
  evaluatePlanText,
  requireVersion,
  saveVersion,
} from '../services/workflow/plan-versions.ts';
import {
  approveQuotas,
  overrideBacktest,
  publishVersion,
  signOff,
  signOffStatus,
} from '../services/workflow/signoff.ts';
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

/** The demo users who take the workflow's steps, by role (and title). */
interface DemoCast {
  admin: Actor;
  vpSales: Actor;
  cro: Actor;
}

/**
 * Publishes the tracking plan through the workflow. The Maven deals end in December 2017, so the
 * FY2018 (calendar) plan would show no bookings at all; this one is half through its year on the
 * data.
 *
 * RevOps drafts it and saves two demo touches as a version with a note: the target is set to
 * twice the bookings the sample really holds for July–December 2017 (the draft's "last 12 months
 * flat" target would come from only nine months of history, and every rep would look far ahead),
 * so the people spread over green, yellow and red; and a hire starting 1 November 2017 joins the
 * demo manager's team, so ramp tracking has someone to follow. Then, as a user would: the VP of
 * Sales confirms every input at the value shown, the VP of Sales and the CRO approve the
 * Definition Alignment terms, the CRO accepts the back-test in writing when it is outside the
 * band, both approve the quotas, the CRO signs off and RevOps publishes. Each call is the
 * service call the web app makes; the gate refuses the same things it would refuse a user.
 */
async function publishTrackingPlan(
  workspace: Workspace,
  cast: DemoCast,
  managerId: string | null,
  log: (message: string) => void,
): Promise<void> {
  log('Publishing a plan to track: July 2017 – June 2018, drafted on the data as of 30 June 2017…');
  const as = (actor: Actor) => ({ workspace, actor });
  const { planId } = await createDraftPlan(as(cast.admin), DEMO_TRACKING_PLAN);
  const v0 = await requireVersion(as(cast.admin), planId, 0);
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
  const { version } = await saveVersion(as(cast.admin), {
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
  // The VP of Sales reviews the register input by input, confirming the value shown.
  const register = await versionRegister(as(cast.vpSales), planId, version);
  for (const entry of register.entries.filter((e) => e.status === 'ASSUMED')) {
    await decideAssumption(as(cast.vpSales), {
      planId,
      version,
      key: entry.key,
      value: entry.value,
      status: 'CONFIRMED',
      note: 'Demo set-up: reviewed for the tracking plan',
    });
  }
  // The Definition Alignment terms, approved by the VP of Sales and the CRO.
  for (const [actor, title] of [
    [cast.vpSales, 'vp_sales'],
    [cast.cro, 'cro'],
  ] as const) {
    for (const term of await listDefinitions(as(actor))) {
      if (term.missing.includes(title)) await approveDefinition(as(actor), term.key, title);
    }
  }
  const before = await signOffStatus(as(cast.cro), planId, version);
  const backtest = before.checklist.items.find((i) => i.id === 'backtest-in-band');
  if (backtest?.state === 'open') {
    log(`  ${backtest.detail} The CRO accepts it in writing for the demo.`);
    await overrideBacktest(
      as(cast.cro),
      planId,
      version,
      'cro',
      'Demo set-up: drafted on data as of 30 June 2017 with under a year of history, so the back-test window is thin; accepted so the dashboards have a plan to follow.',
    );
  }
  for (const [actor, title] of [
    [cast.vpSales, 'vp_sales'],
    [cast.cro, 'cro'],
  ] as const) {
    await approveQuotas(
      as(actor),
      planId,
      version,
      title,
      `Demo set-up: approved as ${titleName(title)}`,
    );
  }
  await signOff(as(cast.cro), planId, version, 'cro');
  await publishVersion(as(cast.admin), planId, version);
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
  const actors = new Map<string, Actor>();
  for (const user of users) {
    const added = await addMember(auth, workspace, SYSTEM, { ...user, password: DEMO_PASSWORD });
    actors.set(user.title ?? user.role, { userId: added.userId, email: user.email });
  }
  const cast = (key: string): Actor => {
    const actor = actors.get(key);
    if (actor === undefined) throw new Error(`the demo has no ${key} user`);
    return actor;
  };
  if (!plans.some((p) => p.publishedVersion !== null)) {
    if (plans.some((p) => p.name === DEMO_TRACKING_PLAN.name)) {
      log(
        `"${DEMO_TRACKING_PLAN.name}" exists but is not published (an earlier start stopped half-way); publish it in Planning.`,
      );
    } else {
      await publishTrackingPlan(
        workspace,
        { admin: cast('admin'), vpSales: cast('vp_sales'), cro: cast('cro') },
        manager?.id ?? null,
        log,
      );
    }
  }
  return users;
}
