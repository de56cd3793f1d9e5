import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { inflateRawSync } from 'node:zlib';
import { runPlan } from '../../core/engine/index.ts';
import { quotasToCsv } from '../../services/plan-service.ts';
import {
  generatedDataset,
  generatedPlan,
  HOSTILE_NAME,
} from '../../../test/support/generated-org.ts';
import { monthName } from '../docs/context.ts';
import { buildQuotaWorkbook, WorkbookInputError } from './quota-workbook.ts';

const dataset = generatedDataset();
const plan = generatedPlan();
const run = runPlan(dataset, plan);
const bytes = await buildQuotaWorkbook({
  plan,
  run,
  backtest: null,
  scenarios: null,
  meta: { source: 'generated', generatedOn: '2026-11-22' },
});
const wb = new ExcelJS.Workbook();
await wb.xlsx.load(bytes as unknown as ArrayBuffer);

function sheet(name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (ws === undefined) throw new Error(`no sheet ${name}`);
  return ws;
}

function formulaOf(cell: ExcelJS.Cell): string {
  const v = cell.value;
  return typeof v === 'object' && v !== null && 'formula' in v ? v.formula : '';
}

/** Every file of the XLSX (a zip) by name, inflated: enough of a zip reader for a test. */
function unzip(buffer: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let at = 0;
  while (buffer.readUInt32LE(at) === 0x04034b50) {
    const method = buffer.readUInt16LE(at + 8);
    const size = buffer.readUInt32LE(at + 18);
    const nameLength = buffer.readUInt16LE(at + 26);
    const extra = buffer.readUInt16LE(at + 28);
    const name = buffer.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extra;
    const flags = buffer.readUInt16LE(at + 6);
    if ((flags & 8) !== 0) {
      // Sizes follow the data in a descriptor: find the next signature.
      let end = start;
      while (end < buffer.length && buffer.readUInt32LE(end) !== 0x08074b50) end++;
      const data = buffer.subarray(start, end);
      files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
      at = end + 16;
      continue;
    }
    const data = buffer.subarray(start, start + size);
    files.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at = start + size;
  }
  return files;
}

describe('the quota workbook', () => {
  it('has the nine sheets of the issue, in order', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Inputs',
      'Baseline',
      'Territory weights',
      'Ramp & capacity',
      'Allocation',
      'Back-test',
      'Scenarios',
      'Checks',
      'Assumptions',
    ]);
  });

  it('names the editable inputs and validates them', () => {
    const names = new Map(wb.definedNames.model.map((d) => [d.name, d.ranges[0]]));
    for (const name of [
      'Target',
      'Alpha',
      'Growth',
      'OverAssignment',
      'RoundingUnit',
      'RoundingUnitCents',
    ]) {
      expect(names.get(name), name).toMatch(/^Inputs!\$B\$\d+$/);
    }
    expect(names.get('RoleTarget_SDR')).toMatch(/^Inputs!\$B\$\d+$/);
    const inputs = sheet('Inputs');
    const at = (name: string): ExcelJS.Cell =>
      inputs.getCell((names.get(name) ?? '').split('!')[1]?.replaceAll('$', '') ?? 'A1');
    expect(at('Target').value).toBe(16_000_000);
    expect(at('Alpha').value).toBe(0.55);
    expect(at('Alpha').dataValidation).toMatchObject({
      type: 'decimal',
      operator: 'between',
      formulae: [0, 1],
    });
    expect(at('Target').dataValidation).toMatchObject({
      type: 'decimal',
      operator: 'greaterThan',
      formulae: [0],
    });
    expect(at('Growth').dataValidation).toMatchObject({ operator: 'greaterThan', formulae: [-1] });
    // The status of each input comes from the assumption register: nothing is confirmed here.
    expect(inputs.getCell(at('Target').row, 4).value).toBe('ASSUMED');
  });

  it('computes every quota from the inputs with formulas, in the plan currency', () => {
    const ws = sheet('Allocation');
    let header = 0;
    ws.eachRow((row, n) => {
      if (header === 0 && row.getCell(1).value === 'Rep ID') header = n;
    });
    const headers: string[] = [];
    ws.getRow(header).eachCell((cell, col) => {
      headers[col] = typeof cell.value === 'string' ? cell.value : '';
    });
    const col = (name: string): number => headers.indexOf(name);
    expect(col('Annual quota')).toBeGreaterThan(0);
    // Months head their columns by name, like the quarters beside them.
    for (const label of run.allocation.monthLabels)
      expect(col(monthName(label))).toBeGreaterThan(0);
    expect(col('Q1')).toBeGreaterThan(col(monthName(run.allocation.monthLabels.at(-1) ?? '')));
    const first = ws.getRow(header + 1);
    expect(formulaOf(first.getCell(col('Annual quota')))).toMatch(/\/100$/);
    expect(first.getCell(col('Annual quota')).numFmt).toContain('"$"#,##0.00');
    const unrounded = formulaOf(
      first.getCell(col(`q ${monthName(run.allocation.monthLabels[0] ?? '')} (cents, unrounded)`)),
    );
    expect(unrounded).toContain('OverAssignment');
    expect(unrounded).toContain("'Ramp & capacity'!");
    // The segment table takes the target from the Inputs sheet and the over-assignment too.
    let segmentFormulas = '';
    for (let r = 1; r < header; r++)
      ws.getRow(r).eachCell((cell) => (segmentFormulas += formulaOf(cell) + '\n'));
    expect(segmentFormulas).toContain('ROUND(Target*100,0)');
    expect(segmentFormulas).toContain('ISBLANK(RoleTarget_SDR)');
    expect(segmentFormulas).toContain('(1+OverAssignment)');
    expect(formulaOf(sheet('Ramp & capacity').getCell('A1'))).toBe('');
    let rampFormulas = '';
    sheet('Ramp & capacity')
      .getRow(9)
      .eachCell((cell) => (rampFormulas += formulaOf(cell)));
    expect(rampFormulas).toContain('(1+Growth)');
    expect(sheet('Allocation').views[0]).toMatchObject({
      state: 'frozen',
      xSplit: 2,
      ySplit: header,
    });
  });

  it('writes a rep named like a formula as text in the XLSX and in quotas.csv', () => {
    const hostile = run.allocation.reps.find((r) => r.name === HOSTILE_NAME);
    expect(hostile).toBeDefined();
    for (const name of ['Baseline', 'Ramp & capacity', 'Allocation']) {
      let found = 0;
      sheet(name).eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === 'string' && cell.value.includes('HYPERLINK')) {
            expect(cell.value).toBe(`'${HOSTILE_NAME}`);
            found++;
          }
          expect(formulaOf(cell)).not.toContain('HYPERLINK');
        });
      });
      expect(found, name).toBeGreaterThan(0);
    }
    const files = unzip(bytes);
    const sheets = [...files.entries()].filter(([n]) => n.startsWith('xl/worksheets/'));
    expect(sheets.length).toBe(9);
    for (const [, xml] of sheets) expect(xml).not.toMatch(/<f>[^<]*HYPERLINK/);
    expect(files.get('xl/sharedStrings.xml')).toContain(
      '&apos;=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)',
    );
    expect(quotasToCsv(run)).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('marks checks and input statuses red, yellow and green', () => {
    const files = unzip(bytes);
    const checks = files.get('xl/worksheets/sheet8.xml') ?? '';
    expect(checks).toContain('<conditionalFormatting');
    expect(checks).toContain('&quot;pass&quot;');
    expect(files.get('xl/worksheets/sheet1.xml')).toContain('&quot;ASSUMED&quot;');
    expect(files.get('xl/styles.xml')).toContain('<dxfs count=');
  });

  it('refuses a blocked plan', async () => {
    const blocked = runPlan(
      dataset,
      generatedPlan({ target: { kind: 'segments', bySegment: { SMB: 100_000_000 } } }),
    );
    expect(blocked.blocked).toBe(true);
    await expect(
      buildQuotaWorkbook({
        plan,
        run: blocked,
        backtest: null,
        scenarios: null,
        meta: { source: 'x', generatedOn: '2026-11-22' },
      }),
    ).rejects.toThrow(WorkbookInputError);
  });
});
