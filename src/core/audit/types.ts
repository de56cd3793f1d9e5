// The shapes an audit returns: findings grouped by rule, each naming every affected record.

import type { Severity } from '../issue.ts';
import type { EntityName, IsoDate } from '../model.ts';

/** One affected record: which entity, its id, and what exactly is wrong with it. */
export interface AuditRef {
  entity: EntityName;
  id: string;
  detail: string;
}

/** What one rule found: a finding exists only when the rule matched at least one record. */
export interface AuditFinding {
  /** Stable kebab-case rule code ('deal-without-owner'). */
  code: string;
  /** 'error' blocks sign-off later; 'warning' informs; 'info' notes. */
  severity: Severity;
  title: string;
  /** One or two sentences: what it means and what to do about it. */
  description: string;
  /** Number of records affected; always equal to refs.length. */
  count: number;
  /** Every affected record, sorted by id (code-unit order), then entity, then detail. */
  refs: AuditRef[];
}

export interface AuditRuleInfo {
  code: string;
  severity: Severity;
  title: string;
}

export interface AuditReport {
  /** The as-of date used: the one given, else the latest date in the data, null if no dates. */
  asOf: IsoDate | null;
  /** Only rules that found something; errors first, then warnings, then info; then by code. */
  findings: AuditFinding[];
  /** Every rule that ran (rules that cannot apply to this dataset are left out). */
  rules: AuditRuleInfo[];
  /** Number of findings with severity error. */
  errorCount: number;
  /** Number of findings with severity warning. */
  warningCount: number;
}

export interface AuditOptions {
  /**
   * The date the data describes. Undefined: the workspace's `settings.asOf`; null (or no
   * settings date): the latest date in the data, and date rules that need a real extraction
   * date (won-after-as-of, dated-after-as-of) do not run.
   */
  asOf?: IsoDate | null;
}
