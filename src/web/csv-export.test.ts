// The CSV export every table of the web app shares: columns named in words, plan months named like
// "Jan 2018", money as plain decimals, and text cells defused like the server's files.

import { describe, expect, it } from 'vitest';
import { csvFileName, csvMonthName, monthColumns, moneyColumn, tableCsv } from './csv-export.ts';

describe('csv export', () => {
  it('names plan months like "Jan 2018", across a year boundary', () => {
    expect(csvMonthName('2017-07-01', 0)).toBe('Jul 2017');
    expect(csvMonthName('2017-07-01', 6)).toBe('Jan 2018');
    expect(csvMonthName('2017-07-01', 11)).toBe('Jun 2018');
  });

  it('writes columns in words, money as decimals, months by name, and defuses formulas', () => {
    interface Row {
      name: string;
      quota: number;
      monthly: number[];
    }
    const rows: Row[] = [{ name: '=HYPERLINK("x")', quota: 123456, monthly: [100, 5] }];
    const text = tableCsv<Row>(
      [
        { header: 'Rep', value: (r) => r.name },
        moneyColumn('Annual quota', (r) => r.quota),
        ...monthColumns<Row>('2017-12-01', 2, (r) => r.monthly),
      ],
      rows,
    );
    expect(text).toBe(
      'Rep,Annual quota,Dec 2017,Jan 2018\r\n"\'=HYPERLINK(""x"")",1234.56,1.00,0.05\r\n',
    );
  });

  it('makes file names from words', () => {
    expect(csvFileName('FY2018 July–June', 'adjustments')).toBe('fy2018-july-june-adjustments.csv');
    expect(csvFileName('', '')).toBe('table.csv');
  });
});
