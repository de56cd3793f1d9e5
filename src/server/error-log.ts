// Errors as log text without the data they carry: a failed query's error names the SQL, and
// drizzle puts the statement's parameters (e-mails, names, amounts) into its message, postgres.js
// and PGlite onto the error object. The log gets the error's kind, its message with the
// parameters cut out, where it happened and its causes; never the parameters themselves.

/** How deep a chain of causes is followed. */
const MAX_CAUSES = 5;

/**
 * One error (and its causes) as text for the server log: name, message, stack frames, without
 * the SQL parameters of a failed query (drizzle's "params: …" line) and without any property of
 * the error object other than its message, stack and cause.
 */
export function errorLogText(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_CAUSES && current !== undefined; depth += 1) {
    parts.push((depth === 0 ? '' : 'caused by: ') + oneError(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

function oneError(error: unknown): string {
  if (!(error instanceof Error)) return `(thrown value of type ${typeof error}, not logged)`;
  const header = `${error.name}: ${redactMessage(error.message)}`;
  // The stack repeats name and message first; keep only its frames.
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [header, ...frames].join('\n');
}

/** Drizzle's "Failed query: …\nparams: a,b,c" keeps the statement and drops the values. */
export function redactMessage(message: string): string {
  return message.replace(/\nparams: [\s\S]*$/, '\nparams: (not logged)');
}
