// Exchange rates by currency, for converting deal amounts into the workspace currency at import.

import type { CurrencyCode, CurrencyRate, IsoDate } from '../../core/model.ts';

export interface RateTable {
  /**
   * Workspace-currency units per unit of `currency` on `date`: the latest rate valid on that
   * date, else (date before every rate, or no date) the earliest rate; undefined when the
   * currency has no rate at all.
   */
  rateOn(currency: CurrencyCode, date: IsoDate | null): number | undefined;
}

/** `rates` in order of precedence: a later rate with the same currency and start replaces one. */
export function rateTable(workspace: CurrencyCode, ...rates: readonly CurrencyRate[][]): RateTable {
  const byKey = new Map<string, CurrencyRate>();
  for (const list of rates)
    for (const r of list) byKey.set(`${r.currency}|${r.validFrom ?? ''}`, r);
  const byCurrency = new Map<CurrencyCode, CurrencyRate[]>();
  for (const r of byKey.values()) {
    const list = byCurrency.get(r.currency) ?? [];
    list.push(r);
    byCurrency.set(r.currency, list);
  }
  // Null start (valid since always) sorts first; ISO dates compare as strings.
  for (const list of byCurrency.values()) {
    list.sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
  }
  return {
    rateOn(currency, date) {
      if (currency === workspace) return 1;
      const list = byCurrency.get(currency);
      if (list === undefined || list.length === 0) return undefined;
      let chosen = list[0];
      if (date !== null) {
        for (const r of list) {
          if (r.validFrom === null || r.validFrom <= date) chosen = r;
          else break;
        }
      }
      return chosen?.rate;
    },
  };
}
