// Entry point of the quotaplan command (bin/quotaplan.js loads it): run the command tree and turn
// unexpected failures into one readable line and exit code 2.

import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // Unexpected failures: one readable line (set QUOTAPLAN_DEBUG=1 for the stack), exit code 2.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`quotaplan: ${message}\n`);
  if (process.env.QUOTAPLAN_DEBUG === '1' && error instanceof Error) {
    process.stderr.write(`${error.stack ?? ''}\n`);
  }
  process.exitCode = 2;
}
