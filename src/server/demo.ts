// The demo workspace `npm start` serves: the Maven sample imported, a v0 plan drafted from it,
// and one user per role (a shared demo password, printed at start-up: for a local demo only).

import { DEMO_FILES } from '../services/demo-service.ts';
import { importIntoWorkspace } from '../services/import-service.ts';
import { createDraftPlan } from '../services/workflow/plan-versions.ts';
import { plansOf, repsWithManagers } from '../services/workflow/queries.ts';
import type { LeaderTitle, MemberRole } from '../services/workflow/queries.ts';
import { workspaceIn } from '../services/workspace.ts';
import type { Database } from '../services/auth-storage.ts';
import type { QuotaplanAuth } from './auth/index.ts';
import { addMember } from './members.ts';

export const DEMO_PASSWORD = 'quotaplan-demo';

export interface DemoUser {
  email: string;
  name: string;
  role: MemberRole;
  title: LeaderTitle | null;
  repId: string | null;
}

const SYSTEM = { userId: null, email: 'quotaplan demo set-up' };

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
  if ((await plansOf(workspace)).length === 0) {
    log('Drafting v0 of the demo plan from the data…');
    await createDraftPlan({ workspace, actor: SYSTEM }, { name: 'FY2018 quotas (demo)' });
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
  for (const user of users) {
    await addMember(auth, workspace, SYSTEM, { ...user, password: DEMO_PASSWORD });
  }
  return users;
}
