// The error workflow functions throw when a caller (the server) passes values it should have
// checked, such as two quota rows for one rep.

/** Misuse of a workflow function; bad user data is returned as a value instead. */
export class WorkflowInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowInputError';
  }
}
