// Reading the quota workbook back in tests: set a named input, and read every rep's annual and
// monthly quotas (in cents) from the Allocation sheet of a recalculated copy.

import ExcelJS from 'exceljs';
import { monthName } from '../../src/io/docs/context.ts';

/** Sets the cells behind defined names (Target, Alpha, …) and saves the workbook as `out`. */
export async function setInputs(
  file: string,
  out: string,
  values: Readonly<Record<string, number | null>>,
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  for (const [name, value] of Object.entries(values)) {
    const range = wb.definedNames.model.find((d) => d.name === name)?.ranges[0];
    if (range === undefined) throw new Error(`the workbook has no defined name ${name}`);
    const [sheet, address] = range.split('!');
    const ws = wb.getWorksheet((sheet ?? '').replace(/^'|'$/g, ''));
    if (ws === undefined) throw new Error(`no sheet for ${range}`);
    ws.getCell((address ?? '').replaceAll('$', '')).value = value;
  }
  await wb.xlsx.writeFile(out);
}

/** A formula's cached result as a number: 0 when absent (ExcelJS drops results equal to 0). */
export function numberOf(value: ExcelJS.CellValue, where: string): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && 'formula' in value) {
    const result = value.result;
    if (result === undefined) return 0;
    if (typeof result === 'number') return result;
    throw new Error(`${where}: the formula ${value.formula} gave ${JSON.stringify(result)}`);
  }
  throw new Error(`${where}: ${JSON.stringify(value)} is not a number`);
}

export interface WorkbookQuotas {
  /** Rep id → annual quota and monthly quotas, in cents. */
  quotas: Map<string, { annual: number; monthly: number[] }>;
  /** The Allocation sheet's header row, by header text. */
  headers: Map<string, number>;
}

/** The quotas on the Allocation sheet: the rows under the "Rep ID" header, up to the first blank id. */
export async function readWorkbookQuotas(
  file: string,
  monthLabels: readonly string[],
): Promise<WorkbookQuotas> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet('Allocation');
  if (ws === undefined) throw new Error('no Allocation sheet');
  let header = 0;
  for (let r = 1; r <= ws.rowCount && header === 0; r++) {
    if (ws.getRow(r).getCell(1).value === 'Rep ID') header = r;
  }
  if (header === 0) throw new Error('no "Rep ID" header on Allocation');
  const headers = new Map<string, number>();
  ws.getRow(header).eachCell((cell, col) => {
    if (typeof cell.value === 'string' && !headers.has(cell.value)) headers.set(cell.value, col);
  });
  const column = (name: string): number => {
    const col = headers.get(name);
    if (col === undefined) throw new Error(`no column "${name}" on Allocation`);
    return col;
  };
  const annualCol = column('Annual quota');
  // The plan months ('2017-07') head their columns by name ('Jul 2017').
  const monthCols = monthLabels.map((label) => column(monthName(label)));
  const quotas = new Map<string, { annual: number; monthly: number[] }>();
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const id = row.getCell(1).value;
    if (typeof id !== 'string' || id === '') break;
    const cents = (col: number): number =>
      Math.round(numberOf(row.getCell(col).value, `row ${r}`) * 100);
    quotas.set(id, { annual: cents(annualCol), monthly: monthCols.map(cents) });
  }
  return { quotas, headers };
}
