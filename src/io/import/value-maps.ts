// Value maps turn a source's words into the model's: stage → status, deal type → type. Explicit
// lists, never patterns: a stage nobody listed stays visible as unmapped instead of being guessed.

import type { DealStatus, DealType } from '../../core/model.ts';

/** Keys are compared by valueKey (case-insensitive, spaces collapsed). */
export interface ValueMaps {
  status: ReadonlyMap<string, DealStatus>;
  type: ReadonlyMap<string, DealType>;
}

/** The comparable form of a source value: trimmed, lower case, runs of spaces as one. */
export function valueKey(value: string): string {
  return value.trim().toLowerCase().replace(/\s+/g, ' ');
}

function toMap<V>(entries: Record<string, V>): Map<string, V> {
  const map = new Map<string, V>();
  for (const [key, value] of Object.entries(entries)) map.set(valueKey(key), value);
  return map;
}

/** Later maps win over earlier ones. */
export function mergeValueMaps(
  ...layers: (
    { status?: Record<string, DealStatus>; type?: Record<string, DealType> } | undefined
  )[]
): ValueMaps {
  const status = new Map<string, DealStatus>();
  const type = new Map<string, DealType>();
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const [k, v] of toMap(layer.status ?? {})) status.set(k, v);
    for (const [k, v] of toMap(layer.type ?? {})) type.set(k, v);
  }
  return { status, type };
}

/** Every preset understands the model's own words. */
export const BASE_STATUS: Record<string, DealStatus> = {
  won: 'won',
  lost: 'lost',
  open: 'open',
  'Closed Won': 'won',
  'Closed Lost': 'lost',
};

/**
 * Deal types as CRMs name them by default: our codes, HubSpot's dealtype options (label and
 * internal value) and Salesforce's default Opportunity Type picklist. "Existing Customer -
 * Replacement" and "- Downgrade" are left out on purpose: whether they count as renewals is a
 * business decision, so they surface as unmapped.
 */
export const BASE_TYPE: Record<string, DealType> = {
  new_business: 'new_business',
  'new business': 'new_business',
  newbusiness: 'new_business',
  new: 'new_business',
  'New Customer': 'new_business',
  expansion: 'expansion',
  'Existing Business': 'expansion',
  existingbusiness: 'expansion',
  'Existing Customer - Upgrade': 'expansion',
  Upsell: 'expansion',
  renewal: 'renewal',
};

/** Maven "CRM Sales Opportunities" deal_stage (data dictionary: Prospecting > Engaging > Won / Lost). */
export const MAVEN_STATUS: Record<string, DealStatus> = {
  Prospecting: 'open',
  Engaging: 'open',
  Won: 'won',
  Lost: 'lost',
};

/**
 * Salesforce: the default stage picklist of a new org, then custom names seen in real orgs (the
 * SFDC-Assets demo export uses Discovery, Proposal/Quote and Negotiation).
 */
export const SALESFORCE_STATUS: Record<string, DealStatus> = {
  Prospecting: 'open',
  Qualification: 'open',
  'Needs Analysis': 'open',
  'Value Proposition': 'open',
  'Id. Decision Makers': 'open',
  'Perception Analysis': 'open',
  'Proposal/Price Quote': 'open',
  'Negotiation/Review': 'open',
  'Closed Won': 'won',
  'Closed Lost': 'lost',
  Discovery: 'open',
  Qualify: 'open',
  'Proposal/Quote': 'open',
  Proposal: 'open',
  Negotiation: 'open',
  'Closed/Won': 'won',
  'Closed/Lost': 'lost',
  Won: 'won',
  Lost: 'lost',
};

/** HubSpot's default Sales Pipeline, by label (exports) and internal id (API). */
export const HUBSPOT_STATUS: Record<string, DealStatus> = {
  'Appointment Scheduled': 'open',
  'Qualified To Buy': 'open',
  'Presentation Scheduled': 'open',
  'Decision Maker Bought-In': 'open',
  'Contract Sent': 'open',
  'Closed Won': 'won',
  'Closed Lost': 'lost',
  appointmentscheduled: 'open',
  qualifiedtobuy: 'open',
  presentationscheduled: 'open',
  decisionmakerboughtin: 'open',
  contractsent: 'open',
  closedwon: 'won',
  closedlost: 'lost',
};
