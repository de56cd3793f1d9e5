// CSV renderings of reports that several front ends (CLI now, server later) offer for download.

import type { AuditReport } from '../core/audit/index.ts';
import { toCsv } from '../io/write-csv.ts';

/** One line per affected record: rule, severity, title, entity, id, detail. */
export function auditToCsv(report: AuditReport): string {
  return toCsv(
    ['code', 'severity', 'title', 'entity', 'id', 'detail'],
    report.findings.flatMap((f) =>
      f.refs.map((r) => [f.code, f.severity, f.title, r.entity, r.id, r.detail]),
    ),
  );
}
