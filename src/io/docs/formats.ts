// The formats the documentation package is written in (a module of its own, so the command line
// can list them without loading the renderers).

export const DOCS_FORMATS = ['pdf', 'html', 'md'] as const;
export type DocsFormat = (typeof DOCS_FORMATS)[number];
