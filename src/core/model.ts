// The canonical CRM model every source is mapped into: plain data, money in integer cents,
// dates as ISO calendar dates ('YYYY-MM-DD', no time of day, no time zone).

/** Integer number of cents of a currency (1 USD = 100). */
export type Cents = number;

/** A calendar date written 'YYYY-MM-DD'. */
export type IsoDate = string;

/** ISO 4217 code, upper case ('USD'). */
export type CurrencyCode = string;

export const DEAL_STATUSES = ['won', 'lost', 'open'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

export const DEAL_TYPES = ['new_business', 'expansion', 'renewal'] as const;
export type DealType = (typeof DEAL_TYPES)[number];

/**
 * Common roles. Any other upper-case code is allowed too ('SE', 'CSM'); MGR marks people who
 * appear only as managers in a source's roster.
 */
export const KNOWN_ROLES = ['AE', 'SDR', 'AM', 'MGR'] as const;
export type Role = string;

/**
 * Where a record came from. `source` is the preset or connector that produced it; `derived` is
 * true when no source file held the record itself and the importer built it from references
 * (a roster derived from deal owners, accounts derived from deal account names).
 */
export interface Provenance {
  source: string;
  derived: boolean;
}

export interface Rep extends Provenance {
  id: string;
  name: string;
  email: string | null;
  managerId: string | null;
  role: Role;
  segment: string | null;
  territoryId: string | null;
  startDate: IsoDate | null;
  endDate: IsoDate | null;
  /** Annual on-target earnings in cents of `currency`. */
  ote: Cents | null;
  currency: CurrencyCode | null;
}

export interface Territory extends Provenance {
  id: string;
  name: string;
  parentId: string | null;
  segment: string | null;
}

export interface Account extends Provenance {
  id: string;
  name: string;
  territoryId: string | null;
  ownerId: string | null;
  segment: string | null;
  industry: string | null;
  employees: number | null;
  /** Annual revenue of the customer company, in cents of the workspace currency. */
  annualRevenue: Cents | null;
  /** Sales potential of the account for the plan, in cents of the workspace currency. */
  potential: Cents | null;
}

export interface Product extends Provenance {
  id: string;
  name: string;
  family: string | null;
  /** List price in cents of the workspace currency. */
  listPrice: Cents | null;
}

export interface Deal extends Provenance {
  id: string;
  name: string | null;
  accountId: string | null;
  ownerId: string | null;
  /** Rep who sourced the deal (an SDR), when the source says so. */
  sourceRepId: string | null;
  /** Amount in cents of the workspace currency (converted at import), null when the source has none. */
  amount: Cents | null;
  /** Amount as the source gave it, in cents of `currency`. */
  originalAmount: Cents | null;
  currency: CurrencyCode;
  createdDate: IsoDate | null;
  closeDate: IsoDate | null;
  /** Stage as the source wrote it. */
  stage: string | null;
  status: DealStatus;
  /** Win probability as a fraction in [0, 1]. */
  probability: number | null;
  type: DealType | null;
  product: string | null;
  /** Source fields whose values had no entry in the value map ('stage', 'type'). */
  unmapped: ('stage' | 'type')[];
}

/** `rate` units of the workspace currency buy one unit of `currency`, from `validFrom` on. */
export interface CurrencyRate {
  currency: CurrencyCode;
  rate: number;
  validFrom: IsoDate | null;
}

/** Share in (0, 1] of a deal's credit that goes to a rep; shares of a deal sum to 1. */
export interface CreditSplit {
  dealId: string;
  repId: string;
  share: number;
}

/** What a workspace's numbers are counted in: money, or a count of won deals (Olist). */
export type Basis = 'amount' | 'count';

export interface WorkspaceSettings {
  currency: CurrencyCode;
  basis: Basis;
  /** Date the data was extracted; null means the latest date in the data. */
  asOf: IsoDate | null;
}

/** Everything the core knows about a workspace's history. */
export interface Dataset {
  settings: WorkspaceSettings;
  reps: Rep[];
  territories: Territory[];
  accounts: Account[];
  products: Product[];
  deals: Deal[];
  rates: CurrencyRate[];
  splits: CreditSplit[];
}

export type EntityName =
  'reps' | 'territories' | 'accounts' | 'products' | 'deals' | 'rates' | 'splits';

export const ENTITY_NAMES: readonly EntityName[] = [
  'reps',
  'territories',
  'accounts',
  'products',
  'deals',
  'rates',
  'splits',
];

export function emptyDataset(settings: WorkspaceSettings): Dataset {
  return {
    settings,
    reps: [],
    territories: [],
    accounts: [],
    products: [],
    deals: [],
    rates: [],
    splits: [],
  };
}
