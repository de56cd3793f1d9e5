// The quotaplan command tree: one command module per verb. Commands are thin; the work happens
// in src/services, which each command imports inside its action, when it runs: building the tree
// (and `--help`) loads no service (test/cli-startup.test.ts).

import { Command } from 'commander';
import { registerImport } from './commands/import.ts';
import { registerAudit } from './commands/audit.ts';
import { registerBaseline } from './commands/baseline.ts';
import { registerStatus } from './commands/status.ts';
import { registerDemo } from './commands/demo.ts';
import { registerInitPlan } from './commands/init-plan.ts';
import { registerPlan } from './commands/plan.ts';
import { registerBacktest } from './commands/backtest.ts';
import { registerSimulate } from './commands/simulate.ts';
import { registerServe } from './commands/serve.ts';
import { registerUser } from './commands/user.ts';
import { registerExport } from './commands/export.ts';
import { registerDocs } from './commands/docs.ts';
import { registerCrm } from './commands/crm.ts';

export function buildProgram(): Command {
  const program = new Command()
    .name('quotaplan')
    .description(
      'Sales quota planning from CRM history: import and audit deals, measure the baseline, set defensible quotas.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerImport(program);
  registerAudit(program);
  registerBaseline(program);
  registerInitPlan(program);
  registerPlan(program);
  registerBacktest(program);
  registerSimulate(program);
  registerExport(program);
  registerDocs(program);
  registerStatus(program);
  registerCrm(program);
  registerDemo(program);
  registerServe(program);
  registerUser(program);
  return program;
}
