// Presets: what each supported CRM export looks like (header signatures, extra header names,
// value maps, unit conversions), layered over the generic layout of docs/data-formats.md.

import type { Basis, CurrencyCode, DealStatus, EntityName } from '../../core/model.ts';
import { normalizeHeader } from './fields.ts';
import { HUBSPOT_STATUS, MAVEN_STATUS, SALESFORCE_STATUS } from './value-maps.ts';

export type PresetName = 'maven' | 'salesforce' | 'hubspot' | 'olist' | 'generic';
export const PRESET_NAMES: readonly PresetName[] = [
  'maven',
  'salesforce',
  'hubspot',
  'olist',
  'generic',
];

export type ProbabilityScale = 'fraction' | 'percent' | 'auto';

/** How a file's rows are used. */
export type FileUse =
  /** Rows become records of `entity`. */
  | 'records'
  /** Rows set the created date of this import's deals, by deal id (Olist MQLs). */
  | 'created-dates'
  /** The file holds nothing we import; a notice says so. */
  | 'ignore';

/** How a preset reads one kind of file. */
export interface FileRule {
  /** Names the rule in notices ('Maven sales_pipeline'). */
  readonly label: string;
  readonly entity: EntityName | null;
  readonly use: FileUse;
  /** Headers (normalized) that must all be present for the rule to apply. */
  readonly headers: readonly string[];
  /** Why an ignored file is ignored, for the notice. */
  readonly ignoreReason?: string;
  /** Field → header names tried before the generic aliases. */
  readonly columns?: Readonly<Record<string, readonly string[]>>;
  /** Field → fixed raw value for every row. */
  readonly constants?: Readonly<Record<string, string>>;
  /** Money field → multiplier applied to the parsed cents (Maven revenue is in millions). */
  readonly scale?: Readonly<Record<string, number>>;
  /** Number fields read as 1 / value (Salesforce ConversionRate is per unit of corporate currency). */
  readonly invert?: readonly string[];
  readonly probability?: ProbabilityScale;
  /** Required fields this kind of file may lack (the id of a Salesforce report is generated). */
  readonly optional?: readonly string[];
  /** How to build a deal id when the file has no id column. */
  readonly generatedId?: 'salesforce-report';
  /** Fields this kind of file never has, by design (Olist's closed deals carry no amount). */
  readonly absent?: readonly string[];
}

export interface Preset {
  readonly name: PresetName;
  /** Header sets (normalized) any one of which gives a file away as this preset's. */
  readonly signatures: readonly (readonly string[])[];
  readonly rules: readonly FileRule[];
  /** Stage → status defaults, over the base map. */
  readonly status: Readonly<Record<string, DealStatus>>;
  /** Currency of amounts when a file has no currency column (else the workspace currency). */
  readonly currency?: CurrencyCode;
  readonly basis?: Basis;
}

function h(...headers: string[]): string[] {
  return headers.map(normalizeHeader);
}

const MAVEN: Preset = {
  name: 'maven',
  signatures: [h('opportunity_id', 'sales_agent')],
  status: MAVEN_STATUS,
  currency: 'USD',
  rules: [
    {
      label: 'Maven sales_pipeline',
      entity: 'deals',
      use: 'records',
      headers: h('opportunity_id', 'sales_agent', 'deal_stage'),
      columns: {
        id: ['opportunity_id'],
        owner_id: ['sales_agent'],
        account_id: ['account'],
        stage: ['deal_stage'],
        created_date: ['engage_date'],
        amount: ['close_value'],
      },
    },
    {
      label: 'Maven sales_teams',
      entity: 'reps',
      use: 'records',
      headers: h('sales_agent', 'manager'),
      columns: {
        id: ['sales_agent'],
        name: ['sales_agent'],
        manager_id: ['manager'],
        territory_id: ['regional_office'],
      },
    },
    {
      label: 'Maven accounts',
      entity: 'accounts',
      use: 'records',
      headers: h('account', 'sector'),
      columns: {
        id: ['account'],
        name: ['account'],
        industry: ['sector'],
        annual_revenue: ['revenue'],
      },
      // The data dictionary: "Annual revenue (in millions of USD)".
      scale: { annual_revenue: 1_000_000 },
    },
    {
      label: 'Maven products',
      entity: 'products',
      use: 'records',
      headers: h('product', 'series'),
      columns: {
        id: ['product'],
        name: ['product'],
        family: ['series'],
        list_price: ['sales_price'],
      },
    },
    {
      label: 'Maven data_dictionary',
      entity: null,
      use: 'ignore',
      headers: h('Table', 'Field', 'Description'),
      ignoreReason: 'a data dictionary (field descriptions), not data',
    },
  ],
};

const SALESFORCE: Preset = {
  name: 'salesforce',
  // CurrencyType alone must not fall to the generic layout: its rates are inverted.
  signatures: [h('StageName'), h('IsWon'), h('Opportunity Owner'), h('IsoCode', 'ConversionRate')],
  status: SALESFORCE_STATUS,
  rules: [
    {
      label: 'Salesforce Opportunity export',
      entity: 'deals',
      use: 'records',
      headers: h('StageName'),
      columns: {
        id: ['Id'],
        name: ['Name'],
        account_id: ['AccountId'],
        owner_id: ['OwnerId'],
        currency: ['CurrencyIsoCode'],
        stage: ['StageName'],
        product: ['Product__c'],
      },
      probability: 'percent',
    },
    {
      label: 'Salesforce opportunity report',
      entity: 'deals',
      use: 'records',
      headers: h('Opportunity Owner'),
      columns: {
        id: ['Opportunity ID'],
        owner_id: ['Opportunity Owner'],
        account_id: ['Account Name'],
        name: ['Opportunity Name'],
        currency: ['Amount Currency', 'Opportunity Currency'],
        probability: ['Probability (%)'],
      },
      probability: 'percent',
      optional: ['id'],
      generatedId: 'salesforce-report',
    },
    {
      label: 'Salesforce User export',
      entity: 'reps',
      use: 'records',
      headers: h('Id', 'Name', 'IsActive'),
      columns: { id: ['Id'], name: ['Name'], role: ['UserRole.Name', 'Title'] },
    },
    {
      label: 'Salesforce CurrencyType export',
      entity: 'rates',
      use: 'records',
      headers: h('IsoCode', 'ConversionRate'),
      columns: { currency: ['IsoCode'], rate: ['ConversionRate'], valid_from: ['StartDate'] },
      // ConversionRate is units of that currency per ONE unit of the corporate currency.
      invert: ['rate'],
    },
  ],
};

const HUBSPOT: Preset = {
  name: 'hubspot',
  signatures: [h('Record ID', 'Deal Stage')],
  status: HUBSPOT_STATUS,
  rules: [
    {
      label: 'HubSpot deals export',
      entity: 'deals',
      use: 'records',
      headers: h('Record ID', 'Deal Stage'),
      columns: {
        id: ['Record ID'],
        name: ['Deal Name'],
        owner_id: ['Deal owner'],
        account_id: ['Associated Company'],
        type: ['Deal Type'],
        created_date: ['Create Date'],
        is_won: ['Is Closed Won'],
      },
    },
  ],
};

const OLIST: Preset = {
  name: 'olist',
  signatures: [h('mql_id', 'sr_id')],
  status: {},
  // Declared revenue is self-reported and 0 for 797 of 842 deals: quotas count won deals.
  basis: 'count',
  rules: [
    {
      label: 'Olist closed deals',
      entity: 'deals',
      use: 'records',
      headers: h('mql_id', 'sr_id'),
      columns: {
        id: ['mql_id'],
        // The deal signs a seller up to the marketplace: the seller is the customer account.
        account_id: ['seller_id'],
        owner_id: ['sr_id'],
        source_rep_id: ['sdr_id'],
        close_date: ['won_date'],
      },
      // Every row of the closed-deals file is a won deal; it has no amount and no product.
      constants: { status: 'won' },
      absent: ['amount'],
    },
    {
      label: 'Olist marketing qualified leads',
      entity: 'deals',
      use: 'created-dates',
      headers: h('mql_id', 'first_contact_date'),
      columns: { id: ['mql_id'], created_date: ['first_contact_date'] },
    },
    {
      label: 'Olist sellers',
      entity: null,
      use: 'ignore',
      headers: h('seller_id', 'seller_zip_code_prefix'),
      ignoreReason: 'marketplace sellers (customers’ addresses), not sales data',
    },
  ],
};

const GENERIC: Preset = { name: 'generic', signatures: [], rules: [], status: {} };

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  maven: MAVEN,
  salesforce: SALESFORCE,
  hubspot: HUBSPOT,
  olist: OLIST,
  generic: GENERIC,
};

export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** True when `headers` (normalized) contain every header of `wanted`. */
export function hasHeaders(headers: ReadonlySet<string>, wanted: readonly string[]): boolean {
  for (const w of wanted) if (!headers.has(w)) return false;
  return true;
}

/** The presets whose signature the headers carry (normalized headers). */
export function presetsMatching(headers: ReadonlySet<string>): PresetName[] {
  const found: PresetName[] = [];
  for (const name of PRESET_NAMES) {
    if (PRESETS[name].signatures.some((sig) => hasHeaders(headers, sig))) found.push(name);
  }
  return found;
}
