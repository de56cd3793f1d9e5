// The documentation package's formats, for callers that only name them (the command line's
// help): the renderers load with docs-service.ts when a package is written.

export { DOCS_FORMATS } from '../io/docs/formats.ts';
export type { DocsFormat } from '../io/docs/formats.ts';
