// Runs every audit rule over a dataset and assembles the report: findings ordered by severity
// and code, refs ordered by id, so the same data always gives the same report.

import type { Severity } from '../issue.ts';
import type { Dataset } from '../model.ts';
import { buildContext, type AuditRule } from './context.ts';
import * as accounts from './rules-accounts.ts';
import * as amounts from './rules-amounts.ts';
import * as dates from './rules-dates.ts';
import * as duplicates from './rules-duplicates.ts';
import * as mapping from './rules-mapping.ts';
import * as owners from './rules-owners.ts';
import * as provenance from './rules-provenance.ts';
import * as roster from './rules-roster.ts';
import { inconsistentSpelling } from './rules-spelling.ts';
import { splitSharesInvalid } from './rules-splits.ts';
import { sortRefs } from './sort-refs.ts';
import type { AuditFinding, AuditOptions, AuditReport, AuditRuleInfo } from './types.ts';

/** Every rule, in the order AUDIT_RULES lists them. */
const RULES: readonly AuditRule[] = [
  owners.dealWithoutOwner,
  owners.ownerNotInRoster,
  owners.unknownSourceRep,
  roster.repWithoutTerritory,
  roster.unknownTerritory,
  roster.unknownParentTerritory,
  roster.territoryCycle,
  roster.managerNotInRoster,
  roster.managerCycle,
  roster.accountOwnerNotInRoster,
  owners.dealOutsideEmployment,
  owners.inactiveRepOpenPipeline,
  owners.repWithoutDeals,
  roster.repEndBeforeStart,
  accounts.dealWithoutAccount,
  accounts.openDealWithoutAccount,
  accounts.unknownAccount,
  accounts.openDealUnknownAccount,
  duplicates.duplicateDealId,
  duplicates.duplicateRecordId,
  duplicates.nearDuplicateDeals,
  dates.invalidDate,
  dates.wonWithoutCloseDate,
  dates.wonWithoutCreatedDate,
  dates.closeBeforeCreated,
  dates.wonAfterAsOf,
  dates.datedAfterAsOf,
  dates.openDealWithoutCloseDate,
  dates.openDealPastCloseDate,
  amounts.invalidAmount,
  amounts.wonNonpositiveAmount,
  amounts.negativeAmount,
  amounts.outlierAmount,
  amounts.currencyWithoutRate,
  amounts.invalidRate,
  amounts.probabilityOutOfRange,
  mapping.unmappedStage,
  mapping.unmappedType,
  mapping.productSpellingMismatch,
  mapping.unknownProduct,
  inconsistentSpelling,
  splitSharesInvalid,
  provenance.rosterDerived,
  provenance.territoriesDerived,
  provenance.accountsDerived,
  provenance.productsDerived,
];

function info(rule: AuditRule): AuditRuleInfo {
  const { code, severity, title } = rule.definition;
  return { code, severity, title };
}

/** Code, severity and title of every rule the audit knows, whether or not it applies. */
export const AUDIT_RULES: readonly AuditRuleInfo[] = Object.freeze(RULES.map(info));

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Audits a dataset for data-quality problems a RevOps analyst must know before planning.
 * Pure: the as-of date comes from `options.asOf`, else `settings.asOf`, else the latest date in
 * the data (see AuditOptions). Amounts in details are in the workspace currency. Throws
 * AuditAsOfError when the as-of date is not a calendar date.
 */
export function auditDataset(dataset: Dataset, options: AuditOptions = {}): AuditReport {
  const ctx = buildContext(dataset, options);
  const findings: AuditFinding[] = [];
  const rules: AuditRuleInfo[] = [];
  for (const rule of RULES) {
    if (rule.applies !== undefined && !rule.applies(ctx)) continue;
    rules.push(info(rule));
    const refs = rule.run(ctx);
    if (refs.length === 0) continue;
    const { code, severity, title, description } = rule.definition;
    findings.push({ code, severity, title, description, count: refs.length, refs: sortRefs(refs) });
  }
  findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || compareText(a.code, b.code),
  );
  return {
    asOf: ctx.asOf,
    findings,
    rules,
    errorCount: findings.filter((f) => f.severity === 'error').length,
    warningCount: findings.filter((f) => f.severity === 'warning').length,
  };
}
