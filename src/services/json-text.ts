// A value already written as JSON, with the type it holds: what a worker thread sends back for a
// response, so that the server's thread neither copies the object over nor writes it out itself
// (for a 1,000-rep baseline, both cost more than the worker's computation saved).

export type JsonText<T> = string & { readonly __json?: T };

export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value);
}
