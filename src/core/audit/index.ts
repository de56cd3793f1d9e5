// The data-quality audit: coded findings about a dataset, each naming every affected record.

export { auditDataset, AUDIT_RULES } from './audit-dataset.ts';
export { AuditAsOfError, latestDataDate } from './context.ts';
export type { AuditFinding, AuditOptions, AuditRef, AuditReport, AuditRuleInfo } from './types.ts';
