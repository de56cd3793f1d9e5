// PDF rendering of the document model with pdfkit (pure JavaScript): DejaVu Sans embedded (so
// α, Σ, ≥ and every currency sign print), tables laid out to the page width with wrapped cells
// and repeated headers, charts drawn from their SVG with svg-to-pdfkit, page numbers in the footer.

import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { chartSize, renderChartSvg } from './charts.ts';
import { dejaVuSans } from './fonts.ts';
import type { Block, Doc, TableColumn } from './model.ts';

const NAVY = '#1f3864';
const BLUE = '#2f5597';
const GREY = '#595959';
const TEXT = '#222222';
const MARGIN = { top: 56, bottom: 60, left: 50, right: 50 };
const BODY_SIZE = 9.5;

type Pdf = PDFKit.PDFDocument;

export interface PdfOptions {
  /** Document title in the PDF's metadata and on the cover of a package. */
  title: string;
  /** A cover page with the contents (for a package of several documents). */
  cover?: { subtitle: string } | undefined;
}

/** Renders one document, or a package of documents each starting on a new page, to PDF bytes. */
export async function renderPdf(docs: readonly Doc[], options: PdfOptions): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    autoFirstPage: false,
    info: { Title: options.title, Creator: 'quotaplan', Producer: 'quotaplan (pdfkit)' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  pdf.registerFont('Body', dejaVuSans('400-normal'));
  pdf.registerFont('Bold', dejaVuSans('700-normal'));
  pdf.registerFont('Italic', dejaVuSans('400-italic'));

  const starts: { title: string; page: number }[] = [];
  let tocPage = -1;
  if (options.cover !== undefined) {
    pdf.addPage();
    tocPage = 0;
    pdf
      .font('Bold')
      .fontSize(22)
      .fillColor(NAVY)
      .text(options.title, { width: contentWidth(pdf) });
    pdf.moveDown(0.3);
    pdf.font('Italic').fontSize(11).fillColor(GREY).text(options.cover.subtitle);
    pdf.moveDown(1.2);
    pdf.font('Bold').fontSize(13).fillColor(NAVY).text('Contents');
    pdf.moveDown(0.5);
  }
  const tocY = pdf.y;
  for (const doc of docs) {
    pdf.addPage();
    starts.push({ title: doc.title, page: pdf.bufferedPageRange().count });
    titleBlock(pdf, doc);
    for (const block of doc.blocks) renderBlock(pdf, block);
  }
  const range = pdf.bufferedPageRange();
  if (tocPage >= 0) {
    pdf.switchToPage(tocPage);
    let y = tocY;
    for (const s of starts) {
      pdf.font('Body').fontSize(10.5).fillColor(TEXT);
      const width = contentWidth(pdf) - 40;
      const h = pdf.heightOfString(s.title, { width });
      pdf.text(s.title, MARGIN.left, y, { width });
      pdf.text(String(s.page), MARGIN.left + width, y, { width: 40, align: 'right' });
      y += h + 6;
    }
  }
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    footer(pdf, `${options.title} · page ${i + 1} of ${range.count}`);
  }
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

function contentWidth(pdf: Pdf): number {
  return pdf.page.width - MARGIN.left - MARGIN.right;
}

function bottom(pdf: Pdf): number {
  return pdf.page.height - MARGIN.bottom;
}

/** Starts a new page when fewer than `height` points are left on this one. */
function ensureSpace(pdf: Pdf, height: number): void {
  if (pdf.y + height > bottom(pdf)) pdf.addPage();
}

function footer(pdf: Pdf, text: string): void {
  // Writing below the bottom margin would make pdfkit add a page: lift the margin while writing.
  const saved = pdf.page.margins.bottom;
  pdf.page.margins.bottom = 0;
  pdf
    .font('Body')
    .fontSize(7.5)
    .fillColor(GREY)
    .text(text, MARGIN.left, pdf.page.height - 38, {
      width: contentWidth(pdf),
      align: 'center',
      lineBreak: false,
    });
  pdf.page.margins.bottom = saved;
}

function titleBlock(pdf: Pdf, doc: Doc): void {
  const width = contentWidth(pdf);
  pdf.font('Bold').fontSize(18).fillColor(NAVY).text(doc.title, MARGIN.left, MARGIN.top, { width });
  pdf.moveDown(0.15);
  pdf.font('Italic').fontSize(10).fillColor(GREY).text(doc.subtitle, { width });
  pdf.font('Body').fontSize(8.5).fillColor(GREY).text(`For: ${doc.audience}`, { width });
  pdf.moveDown(0.3);
  pdf
    .moveTo(MARGIN.left, pdf.y)
    .lineTo(MARGIN.left + width, pdf.y)
    .lineWidth(1)
    .strokeColor('#8ea9db')
    .stroke();
  pdf.moveDown(0.8);
}

function renderBlock(pdf: Pdf, block: Block): void {
  const width = contentWidth(pdf);
  const x = MARGIN.left;
  switch (block.type) {
    case 'heading': {
      const size = block.level === 1 ? 14.5 : block.level === 2 ? 12 : 10.5;
      pdf.font('Bold').fontSize(size);
      // Keep a heading with the start of what follows it.
      ensureSpace(pdf, pdf.heightOfString(block.text, { width }) + 90);
      pdf.moveDown(block.level === 1 ? 0.6 : 0.4);
      pdf.fillColor(block.level === 3 ? BLUE : NAVY).text(block.text, x, pdf.y, { width });
      pdf.moveDown(0.3);
      return;
    }
    case 'paragraph':
      pdf.font('Body').fontSize(BODY_SIZE).fillColor(TEXT);
      ensureSpace(pdf, Math.min(pdf.heightOfString(block.text, { width, lineGap: 2 }), 60));
      pdf.text(block.text, x, pdf.y, { width, lineGap: 2 });
      pdf.moveDown(0.5);
      return;
    case 'list':
      pdf.font('Body').fontSize(BODY_SIZE).fillColor(TEXT);
      block.items.forEach((item, k) => {
        const marker = block.ordered === true ? `${k + 1}.` : '•';
        const h = pdf.heightOfString(item, { width: width - 16, lineGap: 1.5 });
        ensureSpace(pdf, Math.min(h, 40));
        const y = pdf.y;
        pdf.text(marker, x + 2, y, { width: 14, lineBreak: false });
        pdf.text(item, x + 16, y, { width: width - 16, lineGap: 1.5 });
        pdf.moveDown(0.2);
      });
      pdf.moveDown(0.3);
      return;
    case 'table':
      renderTable(pdf, block.columns, block.rows);
      if (block.caption !== undefined) {
        pdf
          .font('Italic')
          .fontSize(8)
          .fillColor(GREY)
          .text(block.caption, x, pdf.y + 2, { width });
      }
      pdf.moveDown(0.7);
      return;
    case 'chart': {
      const size = chartSize(block.chart);
      const h = (width * size.height) / size.width;
      ensureSpace(pdf, h + 10);
      const y = pdf.y;
      SVGtoPDF(pdf, renderChartSvg(block.chart), x, y, {
        width,
        height: h,
        assumePt: false,
        fontCallback: (family: string, bold: boolean) => (bold ? 'Bold' : 'Body'),
      });
      pdf.x = x;
      pdf.y = y + h + 8;
      return;
    }
    case 'callout': {
      pdf.font('Body').fontSize(BODY_SIZE);
      const h = pdf.heightOfString(block.text, { width: width - 24, lineGap: 2 }) + 14;
      ensureSpace(pdf, h + 6);
      const y = pdf.y;
      const [fill, edge] =
        block.tone === 'warning'
          ? ['#fdf1e8', '#c55a11']
          : block.tone === 'success'
            ? ['#eef6e9', '#548235']
            : ['#eef3fb', BLUE];
      pdf.rect(x, y, width, h).fill(fill);
      pdf.rect(x, y, 3, h).fill(edge);
      pdf.fillColor(TEXT).text(block.text, x + 14, y + 7, { width: width - 24, lineGap: 2 });
      pdf.x = x;
      pdf.y = y + h + 8;
      return;
    }
    case 'code': {
      pdf.font('Courier').fontSize(8.5);
      const lineHeight = pdf.currentLineHeight(true) + 1.5;
      for (let k = 0; k < block.lines.length;) {
        ensureSpace(pdf, lineHeight * Math.min(3, block.lines.length - k) + 12);
        const fit = Math.max(1, Math.floor((bottom(pdf) - pdf.y - 12) / lineHeight));
        const lines = block.lines.slice(k, k + fit);
        const heights = lines.map((l) => pdf.heightOfString(l, { width: width - 16 }));
        const h = heights.reduce((a, v) => a + v + 1.5, 0) + 10;
        const y = pdf.y;
        pdf.rect(x, y, width, h).fill('#f3f3f3');
        pdf.fillColor('#1a1a1a');
        let ty = y + 5;
        lines.forEach((line, i) => {
          pdf.text(line, x + 8, ty, { width: width - 16 });
          ty += (heights[i] ?? lineHeight) + 1.5;
        });
        pdf.x = x;
        pdf.y = y + h + 6;
        k += lines.length;
      }
      return;
    }
    case 'pageBreak':
      pdf.addPage();
      return;
  }
}

const CELL_PAD = 4;

/**
 * Column widths that fit the page: every column at least as wide as its longest word (numbers
 * never wrap), the rest of the width shared in proportion to how much more each column would
 * like; only when even the longest words do not fit are words broken.
 */
function columnWidths(
  pdf: Pdf,
  columns: readonly TableColumn[],
  rows: readonly string[][],
  size: number,
  width: number,
): number[] {
  const natural: number[] = [];
  const minimum: number[] = [];
  columns.forEach((c, k) => {
    const numeric = c.align === 'right';
    pdf.font('Bold').fontSize(size);
    let full = Math.min(pdf.widthOfString(c.header), 110);
    let word = Math.max(0, ...c.header.split(/\s+/).map((w) => pdf.widthOfString(w)));
    pdf.font('Body').fontSize(size);
    for (const row of rows) {
      const cell = row[k] ?? '';
      full = Math.max(full, pdf.widthOfString(cell));
      word = Math.max(
        word,
        numeric
          ? pdf.widthOfString(cell)
          : Math.max(0, ...cell.split(/\s+/).map((w) => pdf.widthOfString(w))),
      );
    }
    natural.push(full + 2 * CELL_PAD + 1);
    minimum.push(Math.min(word, numeric ? 120 : 150) + 2 * CELL_PAD + 1);
  });
  const total = natural.reduce((a, v) => a + v, 0);
  if (total <= width) {
    // Spread the spare width over the text columns so the table spans the page.
    const text = columns.map((c) => c.align !== 'right');
    const textTotal = natural.reduce((a, v, k) => a + (text[k] === true ? v : 0), 0);
    if (textTotal === 0) return natural.map((v) => (v * width) / total);
    return natural.map((v, k) => (text[k] === true ? v + ((width - total) * v) / textTotal : v));
  }
  const floor = minimum.map((m, k) => Math.min(m, natural[k] ?? m));
  const floorTotal = floor.reduce((a, v) => a + v, 0);
  if (floorTotal >= width) return floor.map((v) => (v * width) / floorTotal);
  const want = natural.map((v, k) => v - (floor[k] ?? 0));
  const wantTotal = want.reduce((a, v) => a + v, 0);
  return floor.map((v, k) => v + ((width - floorTotal) * (want[k] ?? 0)) / wantTotal);
}

function renderTable(pdf: Pdf, columns: readonly TableColumn[], rows: readonly string[][]): void {
  const width = contentWidth(pdf);
  const size = columns.length > 8 ? 7 : columns.length > 5 ? 7.8 : 8.5;
  let widths = columnWidths(pdf, columns, rows, size, width);
  const sum = widths.reduce((a, v) => a + v, 0);
  if (sum > width + 0.5) widths = widths.map((v) => (v * width) / sum);
  const x0 = MARGIN.left;
  const rowHeight = (cells: readonly string[], font: string): number => {
    pdf.font(font).fontSize(size);
    let h = 0;
    cells.forEach((cell, k) => {
      h = Math.max(
        h,
        pdf.heightOfString(cell === '' ? ' ' : cell, { width: (widths[k] ?? 20) - 2 * CELL_PAD }),
      );
    });
    return h + 2 * CELL_PAD;
  };
  const drawRow = (cells: readonly string[], font: string, fill: string | null): void => {
    const h = rowHeight(cells, font);
    const y = pdf.y;
    if (fill !== null) pdf.rect(x0, y, width, h).fill(fill);
    pdf.font(font).fontSize(size).fillColor(TEXT);
    let x = x0;
    cells.forEach((cell, k) => {
      const w = widths[k] ?? 20;
      pdf.text(cell, x + CELL_PAD, y + CELL_PAD, {
        width: w - 2 * CELL_PAD,
        align: columns[k]?.align === 'right' ? 'right' : 'left',
      });
      x += w;
    });
    pdf
      .moveTo(x0, y + h)
      .lineTo(x0 + width, y + h)
      .lineWidth(0.4)
      .strokeColor('#d0d7e5')
      .stroke();
    pdf.x = x0;
    pdf.y = y + h;
  };
  const headers = columns.map((c) => c.header);
  const headerHeight = rowHeight(headers, 'Bold');
  ensureSpace(pdf, headerHeight + rowHeight(rows[0] ?? headers, 'Body'));
  drawRow(headers, 'Bold', '#d9e1f2');
  rows.forEach((row, k) => {
    const h = rowHeight(row, 'Body');
    if (pdf.y + h > bottom(pdf)) {
      pdf.addPage();
      drawRow(headers, 'Bold', '#d9e1f2');
    }
    drawRow(row, 'Body', k % 2 === 1 ? '#f7f9fc' : null);
  });
}
