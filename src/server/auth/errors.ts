// Errors the authentication layer throws for misuse of its API: bad configuration, bad input to
// the server-side user functions. The server maps them to HTTP statuses in one place.

/** createAuth was given options it cannot work with. */
export class AuthConfigError extends Error {
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'AuthConfigError';
    this.option = option;
  }
}

/** A user field (email, name, password) that cannot be stored. Never carries the password. */
export class InvalidUserInputError extends Error {
  readonly field: 'email' | 'name' | 'password';
  constructor(field: 'email' | 'name' | 'password', message: string) {
    super(`${field}: ${message}`);
    this.name = 'InvalidUserInputError';
    this.field = field;
  }
}

/** createPasswordUser for an e-mail that already has a user. */
export class UserExistsError extends Error {
  readonly email: string;
  constructor(email: string) {
    super(`a user with the e-mail ${email} already exists`);
    this.name = 'UserExistsError';
    this.email = email;
  }
}

/** setPassword for an e-mail that has no user. */
export class UserNotFoundError extends Error {
  readonly email: string;
  constructor(email: string) {
    super(`no user has the e-mail ${email}`);
    this.name = 'UserNotFoundError';
    this.email = email;
  }
}
