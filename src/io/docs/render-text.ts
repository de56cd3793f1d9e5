// Markdown and HTML renderings of the document model. User data (names, territories) is escaped
// for each format; charts are SVG files beside the Markdown and inline SVG in the HTML.

import type { Block, ChartSpec, Doc } from './model.ts';

function mdCell(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** Text that Markdown would otherwise read as markup at the start of a line or inside it. */
function mdText(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1').replace(/^(\s*)([#>+-]|\d+\.)(\s)/, '$1\\$2$3');
}

/**
 * A document as GitHub-flavoured Markdown. `chartHref` gives the relative path of a chart's SVG
 * (written by the caller).
 */
export function renderMarkdown(doc: Doc, chartHref: (chart: ChartSpec) => string): string {
  const out: string[] = [`# ${mdText(doc.title)}`, '', `_${mdText(doc.subtitle)}_`, ''];
  out.push(`**For:** ${mdText(doc.audience)}`, '');
  for (const block of doc.blocks) out.push(...mdBlock(block, chartHref), '');
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

function mdBlock(block: Block, chartHref: (chart: ChartSpec) => string): string[] {
  switch (block.type) {
    case 'heading':
      return [`${'#'.repeat(block.level + 1)} ${mdText(block.text)}`];
    case 'paragraph':
      return [mdText(block.text)];
    case 'list':
      return block.items.map(
        (item, k) => `${block.ordered === true ? `${k + 1}.` : '-'} ${mdText(item)}`,
      );
    case 'table': {
      const lines = [
        `| ${block.columns.map((c) => mdCell(c.header)).join(' | ')} |`,
        `| ${block.columns.map((c) => (c.align === 'right' ? '---:' : ':---')).join(' | ')} |`,
        ...block.rows.map(
          (row) => `| ${block.columns.map((_, k) => mdCell(row[k] ?? '')).join(' | ')} |`,
        ),
      ];
      if (block.caption !== undefined) lines.push('', `_${mdText(block.caption)}_`);
      return lines;
    }
    case 'chart':
      return [`![${mdCell(block.chart.alt)}](${chartHref(block.chart)})`];
    case 'callout': {
      const label =
        block.tone === 'warning' ? 'Note' : block.tone === 'success' ? 'Status' : 'Info';
      return [`> **${label}:** ${mdText(block.text)}`];
    }
    case 'code':
      return ['```sh', ...block.lines, '```'];
    case 'pageBreak':
      return ['---'];
  }
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const CSS = `
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #222; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; }
h1 { color: #1f3864; margin-bottom: 0.2rem; } h2 { color: #1f3864; border-bottom: 1px solid #d9e1f2; padding-bottom: 0.2rem; margin-top: 2rem; } h3 { color: #2f5597; }
.subtitle { font-style: italic; color: #444; margin-top: 0; } .audience { color: #666; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.88rem; }
th { background: #d9e1f2; text-align: left; padding: 0.3rem 0.6rem; border-bottom: 1px solid #8ea9db; }
td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #eee; vertical-align: top; }
th.r, td.r { text-align: right; white-space: nowrap; } tr:nth-child(even) td { background: #f7f9fc; }
.caption { font-size: 0.82rem; color: #666; font-style: italic; }
.callout { padding: 0.6rem 0.9rem; border-left: 4px solid #2f5597; background: #eef3fb; margin: 0.8rem 0; }
.callout.warning { border-color: #c55a11; background: #fdf1e8; } .callout.success { border-color: #548235; background: #eef6e9; }
pre { background: #f3f3f3; padding: 0.7rem 1rem; overflow-x: auto; font-size: 0.85rem; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
nav a { margin-right: 1rem; } hr.page { border: none; border-top: 1px dashed #ccc; margin: 2rem 0; }
@media print { hr.page { page-break-after: always; border: none; } }
`;

/**
 * A document as a standalone HTML page (inline CSS, inline SVG charts). `home` is the relative
 * link back to the package's index, when there is one.
 */
export function renderHtml(
  doc: Doc,
  chartSvg: (chart: ChartSpec) => string,
  home?: string,
): string {
  const body: string[] = [];
  if (home !== undefined)
    body.push(`<nav><a href="${escapeHtml(home)}">← Documentation package</a></nav>`);
  body.push(
    `<h1>${escapeHtml(doc.title)}</h1>`,
    `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>`,
  );
  body.push(`<p class="audience">For: ${escapeHtml(doc.audience)}</p>`);
  for (const block of doc.blocks) body.push(htmlBlock(block, chartSvg));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="quotaplan">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}

function htmlBlock(block: Block, chartSvg: (chart: ChartSpec) => string): string {
  switch (block.type) {
    case 'heading':
      return `<h${block.level + 1}>${escapeHtml(block.text)}</h${block.level + 1}>`;
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'list': {
      const tag = block.ordered === true ? 'ol' : 'ul';
      return `<${tag}>${block.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</${tag}>`;
    }
    case 'table': {
      const cls = (k: number): string => (block.columns[k]?.align === 'right' ? ' class="r"' : '');
      const head = block.columns
        .map((c, k) => `<th${cls(k)}>${escapeHtml(c.header)}</th>`)
        .join('');
      const rows = block.rows
        .map(
          (row) =>
            `<tr>${block.columns.map((_, k) => `<td${cls(k)}>${escapeHtml(row[k] ?? '')}</td>`).join('')}</tr>`,
        )
        .join('\n');
      const caption =
        block.caption === undefined ? '' : `<p class="caption">${escapeHtml(block.caption)}</p>`;
      return `<table><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>${caption}`;
    }
    case 'chart':
      return `<figure role="img" aria-label="${escapeHtml(block.chart.alt)}">${chartSvg(block.chart)}</figure>`;
    case 'callout':
      return `<div class="callout ${block.tone}">${escapeHtml(block.text)}</div>`;
    case 'code':
      return `<pre><code>${escapeHtml(block.lines.join('\n'))}</code></pre>`;
    case 'pageBreak':
      return '<hr class="page">';
  }
}

/** The index page of an HTML package: every document with its link, grouped. */
export function renderHtmlIndex(
  title: string,
  subtitle: string,
  groups: { heading: string; links: { href: string; text: string }[] }[],
): string {
  const body = groups
    .map(
      (g) =>
        `<h2>${escapeHtml(g.heading)}</h2><ul>${g.links.map((l) => `<li><a href="${escapeHtml(l.href)}">${escapeHtml(l.text)}</a></li>`).join('')}</ul>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="subtitle">${escapeHtml(subtitle)}</p>
${body}
</body>
</html>
`;
}
