import ExcelJS from 'exceljs';
import { recalculate } from './test/support/libreoffice.ts';
const out = await recalculate(process.argv[2]!);
const wb = new ExcelJS.Workbook();
await wb.xlsx.readFile(out);
for (const ws of wb.worksheets) {
  let errors = 0, formulas = 0, empty = 0; const ex: string[] = [];
  ws.eachRow((row) => row.eachCell((cell) => {
    const v = cell.value as any;
    if (v && typeof v === 'object' && 'formula' in v) {
      formulas++;
      if (v.result && typeof v.result === 'object' && 'error' in v.result) { errors++; if (ex.length < 5) ex.push(`${cell.address}=${v.formula} -> ${v.result.error}`); }
      if (v.result === undefined) empty++;
    }
  }));
  console.log(ws.name, 'formulas', formulas, 'errors', errors, 'noresult', empty, ex.join(' | '));
}
console.log(wb.definedNames.model.map((d) => d.name + '=' + d.ranges.join(',')).join('  '));
