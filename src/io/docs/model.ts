// The one model of a document of the documentation package: headings, paragraphs, lists, tables,
// charts, call-outs and commands. The content builders produce it from the plan's numbers; the
// Markdown, HTML and PDF renderers turn the same model into each format, so the three stay in step.

export type Align = 'left' | 'right';

export interface TableColumn {
  header: string;
  align?: Align;
}

/** A chart, described by its data; rendered to SVG with ECharts (charts.ts). */
export interface ChartSpec {
  /** File-name friendly id, unique within a document. */
  id: string;
  title: string;
  kind: 'bar' | 'line';
  categories: string[];
  series: { name: string; values: number[]; kind?: 'bar' | 'line' }[];
  /** How values read on the axis: money (currency units), percent (fractions) or plain numbers. */
  unit: 'money' | 'percent' | 'number';
  currency: string;
  /** A horizontal reference line (a target share, the 75% calibration line). */
  reference?: { value: number; label: string } | undefined;
  /** Text for readers who cannot see the picture. */
  alt: string;
}

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: string[]; ordered?: boolean }
  | { type: 'table'; columns: TableColumn[]; rows: string[][]; caption?: string }
  | { type: 'chart'; chart: ChartSpec }
  | { type: 'callout'; tone: 'info' | 'warning' | 'success'; text: string }
  | { type: 'code'; lines: string[] }
  | { type: 'pageBreak' };

export interface Doc {
  /** File name without extension ('methodology', 'letters/R-12'). */
  path: string;
  title: string;
  subtitle: string;
  /** Who it is for, shown under the title. */
  audience: string;
  blocks: Block[];
}

/** Small constructors, so content reads like the document it makes. */
export const b = {
  h1: (text: string): Block => ({ type: 'heading', level: 1, text }),
  h2: (text: string): Block => ({ type: 'heading', level: 2, text }),
  h3: (text: string): Block => ({ type: 'heading', level: 3, text }),
  p: (text: string): Block => ({ type: 'paragraph', text }),
  list: (items: string[], ordered = false): Block => ({ type: 'list', items, ordered }),
  table: (columns: TableColumn[], rows: string[][], caption?: string): Block =>
    caption === undefined
      ? { type: 'table', columns, rows }
      : { type: 'table', columns, rows, caption },
  chart: (chart: ChartSpec): Block => ({ type: 'chart', chart }),
  note: (text: string, tone: 'info' | 'warning' | 'success' = 'info'): Block => ({
    type: 'callout',
    tone,
    text,
  }),
  code: (lines: string[]): Block => ({ type: 'code', lines }),
  pageBreak: (): Block => ({ type: 'pageBreak' }),
};

/** Column helpers: text on the left, numbers on the right. */
export const col = {
  l: (header: string): TableColumn => ({ header, align: 'left' }),
  r: (header: string): TableColumn => ({ header, align: 'right' }),
};

/** A name fit for a file: lower case letters, digits and dashes. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s === '' ? 'x' : s.slice(0, 60);
}

/** Unique slugs: a second 'ana' becomes 'ana-2'. */
export function slugger(): (text: string) => string {
  const taken = new Set<string>();
  return (text) => {
    const base = slug(text);
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}-${k}`;
    taken.add(name);
    return name;
  };
}
