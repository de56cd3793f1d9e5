// Entry point of the quotaplan command (bin/quotaplan.js loads it): run the command tree and turn
// unexpected failures into one readable line and exit code 2. Commands load their services only
// when they run (see program.ts), so `--help` stays quick.

import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // Loaded only on a failure: `quotaplan --help` must not load the database layer.
  const { isStatementTimeout } = await import('../services/workflow/errors.ts');
  const { DatabaseInUseError, SettingError } = await import('../services/workspace.ts');
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DatabaseInUseError || error instanceof SettingError) {
    // Refusals, not failures: the folder is another process's, or a setting is wrong. Exit 1.
    process.stderr.write(`error: ${message}\n`);
    process.exitCode = 1;
  } else if (isStatementTimeout(error)) {
    process.stderr.write(
      'quotaplan: a database statement ran longer than the statement timeout and was cancelled; ' +
        'what it was saving was rolled back. For very large imports raise QUOTAPLAN_STATEMENT_TIMEOUT ' +
        '(seconds; 0 for no limit; default 120).\n',
    );
    process.exitCode = 2;
  } else {
    // Unexpected failures: one readable line (set QUOTAPLAN_DEBUG=1 for the stack), exit code 2.
    process.stderr.write(`quotaplan: ${message}\n`);
    if (process.env.QUOTAPLAN_DEBUG === '1' && error instanceof Error) {
      process.stderr.write(`${error.stack ?? ''}\n`);
    }
    process.exitCode = 2;
  }
}
