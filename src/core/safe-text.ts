// The one rule for text from user data that leaves the product in a file a spreadsheet opens
// (CSV or XLSX): a cell such as =HYPERLINK(...) must open as text, never run as a formula. In the
// core so that the server's writers (src/io) and the web app's CSV export share it.

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * Neutralises a text cell a spreadsheet would run as a formula: a leading = + - @ tab or CR gets
 * a leading apostrophe (OWASP's advice for CSV injection). Plain numbers ('-1234.50') are left
 * alone: they are data, not formulas. Every CSV and XLSX writer of the project calls this.
 */
export function guardFormula(text: string): string {
  if (text.length === 0) return text;
  const first = text.charCodeAt(0);
  // = + - @ \t \r
  if (first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13) {
    return PLAIN_NUMBER.test(text) ? text : `'${text}`;
  }
  return text;
}
