// The error tracking code throws when a caller (the server) passes values it should have
// validated: arrays of the wrong length, a plan start that is not the first of a month.

/** Misuse of a tracking function; bad user data is returned as an Issue instead. */
export class TrackingInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackingInputError';
  }
}
