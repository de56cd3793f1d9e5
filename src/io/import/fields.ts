// The fields each entity can take from a file: model field name, how its text is read, whether the
// file must have it, and the header names that identify it automatically.

import type { EntityName } from '../../core/model.ts';

/** How a cell's text becomes a field value. */
export type FieldKind =
  | 'text'
  | 'id'
  | 'date'
  | 'money'
  | 'number'
  | 'integer'
  | 'probability'
  | 'boolean'
  | 'status'
  | 'type'
  | 'currency'
  | 'role';

export interface FieldSpec {
  /** Snake-case name, as in docs/data-formats.md ('close_date'); also the key in mapping files. */
  readonly name: string;
  readonly kind: FieldKind;
  /** The file must have a column (or a constant) for it. */
  readonly required: boolean;
  /** An empty cell is a row error (ids and names); otherwise empty means unknown. */
  readonly needsValue: boolean;
  /** Known headers, as people write them; matched after normalizeHeader. */
  readonly aliases: readonly string[];
  /**
   * Longest text accepted, in characters (text, id and role fields; Infinity for the others,
   * whose parsers refuse what is not a date, an amount…). See FIELD_LIMITS.
   */
  readonly maxLength: number;
}

/**
 * Length limits of text fields, in characters, after the CRMs' own: Salesforce record ids are 18
 * characters, but files name records by e-mail or by name too, so an id may be as long as a text
 * field (255, Salesforce's Text(255) and picklist limit); a person's name 121 (Salesforce's
 * User.Name: first name 40 + last name 80), a deal's name 120 (Opportunity.Name), a territory's
 * name 80 (Territory2.Name), an e-mail 254 (RFC 5321), a role 80 (UserRole.Name). A longer value
 * is a row error: it is not a name but a file gone wrong (docs/data-formats.md, "Limits").
 */
export const FIELD_LIMITS = {
  id: 255,
  text: 255,
  role: 80,
  personName: 121,
  dealName: 120,
  territoryName: 80,
  email: 254,
} as const;

function defaultLimit(kind: FieldKind): number {
  if (kind === 'id') return FIELD_LIMITS.id;
  if (kind === 'text') return FIELD_LIMITS.text;
  if (kind === 'role') return FIELD_LIMITS.role;
  return Number.POSITIVE_INFINITY;
}

function field(
  name: string,
  kind: FieldKind,
  aliases: readonly string[],
  options: { required?: boolean; needsValue?: boolean; maxLength?: number } = {},
): FieldSpec {
  return {
    name,
    kind,
    required: options.required ?? false,
    needsValue: options.needsValue ?? false,
    aliases: [name, ...aliases],
    maxLength: options.maxLength ?? defaultLimit(kind),
  };
}

const KEY = { required: true, needsValue: true };

// Aliases are tried in order for each field: the first header that matches wins, so the more
// specific names come first ('Owner Email' after 'Owner ID').
export const ENTITY_FIELDS: Readonly<Record<EntityName, readonly FieldSpec[]>> = {
  deals: [
    field('id', 'id', ['Deal ID', 'Opportunity ID', 'Record ID', 'Opp ID'], KEY),
    field('name', 'text', ['Deal Name', 'Opportunity Name', 'Opportunity', 'Title'], {
      maxLength: FIELD_LIMITS.dealName,
    }),
    field('account_id', 'id', [
      'Account ID',
      'AccountId',
      'Account',
      'Account Name',
      'Associated Company',
      'Company',
      'Company Name',
      'Customer',
    ]),
    field(
      'owner_id',
      'id',
      [
        'Owner ID',
        'OwnerId',
        'Owner',
        'Opportunity Owner',
        'Deal owner',
        'Owner Name',
        'Owner Email',
        'sales_agent',
        'sr_id',
        'Sales Rep',
        'Rep',
        'Rep ID',
        'Rep Email',
        'Seller',
      ],
      { required: true },
    ),
    field('source_rep_id', 'id', ['Source Rep', 'SDR', 'sdr_id', 'Sourced By']),
    field('amount', 'money', ['Amount', 'close_value', 'Deal Value', 'Deal Amount', 'Value']),
    field('currency', 'currency', [
      'Amount Currency',
      'CurrencyIsoCode',
      'Opportunity Currency',
      'Deal Currency',
      'Currency',
    ]),
    field('created_date', 'date', [
      'Created Date',
      'CreatedDate',
      'Create Date',
      'Created',
      'Created On',
      'engage_date',
    ]),
    field('close_date', 'date', [
      'Close Date',
      'CloseDate',
      'Closed Date',
      'Closed On',
      'won_date',
    ]),
    field('stage', 'text', ['Stage', 'StageName', 'Deal Stage', 'deal_stage']),
    field('status', 'status', ['Status', 'Outcome']),
    field('probability', 'probability', ['Probability', 'Probability (%)', 'Deal probability']),
    field('type', 'type', ['Type', 'Deal Type', 'Opportunity Type']),
    field('product', 'text', ['Product', 'Product__c', 'Product Name']),
    // Source flags that decide the status when present (Salesforce, HubSpot); not model fields.
    field('is_won', 'boolean', ['IsWon', 'Won', 'Is Closed Won']),
    field('is_closed', 'boolean', ['IsClosed', 'Closed']),
    field('is_deleted', 'boolean', ['IsDeleted', 'Deleted']),
  ],
  reps: [
    field('id', 'id', ['Rep ID', 'User ID', 'Employee ID', 'sales_agent'], KEY),
    field('name', 'text', ['Full Name', 'Rep Name', 'sales_agent'], {
      ...KEY,
      maxLength: FIELD_LIMITS.personName,
    }),
    field('email', 'text', ['Email', 'E-mail', 'Email Address'], { maxLength: FIELD_LIMITS.email }),
    field('manager_id', 'id', ['Manager ID', 'ManagerId', 'Manager', 'Reports To']),
    field('role', 'role', ['Role', 'UserRole.Name', 'Title']),
    field('segment', 'text', ['Segment']),
    field('territory_id', 'id', ['Territory ID', 'Territory', 'regional_office', 'Region']),
    field('start_date', 'date', ['Start Date', 'Hire Date']),
    field('end_date', 'date', ['End Date', 'Termination Date']),
    field('ote', 'money', ['OTE']),
    field('currency', 'currency', ['Currency', 'CurrencyIsoCode', 'DefaultCurrencyIsoCode']),
    field('is_deleted', 'boolean', ['IsDeleted']),
  ],
  territories: [
    field('id', 'id', ['Territory ID'], KEY),
    field('name', 'text', ['Territory Name', 'Territory'], {
      ...KEY,
      maxLength: FIELD_LIMITS.territoryName,
    }),
    field('parent_id', 'id', ['Parent ID', 'Parent', 'Parent Territory ID']),
    field('segment', 'text', ['Segment']),
  ],
  accounts: [
    field('id', 'id', ['Account ID', 'Account'], KEY),
    field('name', 'text', ['Account Name', 'Account', 'Company Name', 'Company'], KEY),
    field('territory_id', 'id', ['Territory ID', 'Territory']),
    field('owner_id', 'id', ['Owner ID', 'OwnerId', 'Account Owner', 'Owner']),
    field('segment', 'text', ['Segment']),
    field('industry', 'text', ['Industry', 'Sector']),
    field('employees', 'integer', ['Employees', 'NumberOfEmployees', 'Number of Employees']),
    field('annual_revenue', 'money', ['AnnualRevenue', 'Annual Revenue', 'Revenue']),
    field('potential', 'money', ['Potential']),
    field('is_deleted', 'boolean', ['IsDeleted']),
  ],
  products: [
    field('id', 'id', ['Product ID', 'Product Code', 'ProductCode', 'Product'], KEY),
    field('name', 'text', ['Product Name', 'Product'], KEY),
    field('family', 'text', ['Family', 'Product Family', 'series']),
    field('list_price', 'money', ['List Price', 'Price', 'sales_price', 'Unit Price']),
  ],
  rates: [
    field('currency', 'currency', ['IsoCode', 'Currency Code', 'CurrencyIsoCode'], KEY),
    field('rate', 'number', ['ConversionRate', 'Conversion Rate', 'Exchange Rate'], KEY),
    field('valid_from', 'date', ['Valid From', 'StartDate', 'Start Date', 'Effective Date']),
  ],
  splits: [
    field('deal_id', 'id', ['Opportunity ID', 'OpportunityId', 'Deal'], KEY),
    field('rep_id', 'id', ['Rep', 'Owner ID', 'SplitOwnerId', 'User ID'], KEY),
    field('share', 'probability', ['Split', 'Split Percentage', 'SplitPercentage', 'Percent'], {
      required: true,
    }),
  ],
};

/** A deals file needs at least one of these: they say whether a deal is won, lost or open. */
export const DEAL_STATUS_FIELDS: readonly string[] = ['is_won', 'is_closed', 'status', 'stage'];

/**
 * The comparable form of a header: lower case, letters and digits only ('Close Date',
 * 'close_date', 'CloseDate' and 'Probability (%)' become 'closedate' … 'probability').
 */
export function normalizeHeader(header: string): string {
  let out = '';
  const lower = header.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c > 127) out += lower.charAt(i);
  }
  return out;
}

/** The field spec of `entity` named `name`, if any. */
export function fieldSpec(entity: EntityName, name: string): FieldSpec | undefined {
  return ENTITY_FIELDS[entity].find((f) => f.name === name);
}

/** Field names of an entity, for messages ('one of id, name, …'). */
export function fieldNames(entity: EntityName): string[] {
  return ENTITY_FIELDS[entity].map((f) => f.name);
}
