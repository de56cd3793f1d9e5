// The formula guard of every CSV and XLSX writer: the rule lives in the core (core/safe-text.ts),
// which the web app's CSV export shares.

export { guardFormula } from '../core/safe-text.ts';
