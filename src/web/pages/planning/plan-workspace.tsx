// One plan's workspace: pick a version, then its results (checks, back-test, quota table with
// explanations), its changes against another version, its assumption register, its sign-off and
// its documents. The version, tab (and the documents' format) live in the query string, so every
// view has a link.

import { useQuery } from '@tanstack/react-query';
import { Link } from '../../components/link.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import type { Formatter } from '../../format.ts';
import { isPlanningTab, PLANNING_TABS, planningPath } from '../../planning.ts';
import type { PlanningTab } from '../../planning.ts';
import { isDocumentFormat, planQuery, versionQuery, workbookUrl } from '../../planning-api.ts';
import { hrefOf, navigate, useLocation } from '../../router.ts';
import type { Session } from '../../session.ts';
import { AssumptionsPanel } from './assumptions-panel.tsx';
import { BacktestPanel } from './backtest-panel.tsx';
import { ChangesPanel } from './changes-panel.tsx';
import { DocumentsPanel } from './documents-panel.tsx';
import { PlanEditor } from './plan-editor.tsx';
import { ResultsPanel } from './results-panel.tsx';
import { ScenariosPanel } from './scenarios-panel.tsx';
import { SignoffPanel } from './signoff-panel.tsx';

/** A version's note cut to `max` characters for a heading or a list (the full note is in the diff). */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function PlanWorkspace({
  session,
  planId,
  format,
}: {
  session: Session;
  planId: number;
  format: Formatter;
}) {
  const { path, search } = useLocation();
  const plan = useQuery(planQuery(planId));
  const latest = plan.data?.latestVersion;
  const asked = search.get('v');
  const version = asked !== null && /^\d+$/.test(asked) ? Number(asked) : latest;
  const tabParam = search.get('tab');
  const tab: PlanningTab = isPlanningTab(tabParam) ? tabParam : 'results';
  const view = useQuery({
    ...versionQuery(planId, version ?? 0),
    enabled: version !== undefined,
  });

  if (plan.isPending) return <Loading what="the plan" />;
  if (plan.isError) return <ErrorState error={plan.error} what="the plan" />;
  const p = plan.data;
  const v = version ?? p.latestVersion;
  const listing = p.versions.find((x) => x.version === v);
  const parent = listing?.parentVersion ?? null;
  const fromParam = search.get('from');
  const from =
    fromParam !== null && /^\d+$/.test(fromParam)
      ? Number(fromParam)
      : (parent ?? Math.max(0, v - 1));
  const isLatest = v === p.latestVersion;
  const published = p.publishedVersion !== null;
  // A published plan is the quota of record: no new version (the server refuses it too).
  const canEdit = session.workspace.role === 'admin' && !published;
  const formatParam = search.get('format');
  const docFormat = isDocumentFormat(formatParam) ? formatParam : 'pdf';
  return (
    <>
      <div className="page-head">
        <h1>{p.name}</h1>
        <p className="subtitle">
          <Link to="/planning">Planning</Link> · v{v}
          {isLatest ? ' (newest)' : ` (newest is v${p.latestVersion})`}
          {p.publishedVersion === null ? ' · not published' : ` · v${p.publishedVersion} published`}
          {listing !== undefined &&
            ` · “${shorten(listing.note, 120)}”, ${format.date(listing.createdAt.slice(0, 10))} by ${listing.createdBy}`}
        </p>
      </div>
      <div className="filters">
        <div className="field">
          <label htmlFor="version-picker">Version</label>
          <select
            id="version-picker"
            value={v}
            onChange={(event) => {
              navigate(planningPath(planId, Number(event.target.value), tab));
            }}
          >
            {[...p.versions].reverse().map((x) => (
              <option key={x.version} value={x.version}>
                v{x.version} — {shorten(x.note, 60)}
              </option>
            ))}
          </select>
        </div>
        <a className="button" href={workbookUrl(planId, v)}>
          Download the workbook (XLSX)
        </a>
      </div>
      <nav aria-label="Views of the version" className="tabs">
        <ul>
          {PLANNING_TABS.filter((t) => t.tab !== 'edit' || canEdit).map((t) => (
            <li key={t.tab}>
              <Link
                to={planningPath(planId, v, t.tab)}
                aria-current={t.tab === tab ? 'page' : undefined}
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {view.isPending && <Loading what={`version ${v}`} />}
      {view.isError && <ErrorState error={view.error} what={`version ${v}`} />}
      {view.data !== undefined && tab === 'results' && (
        <ResultsPanel view={view.data} format={format} />
      )}
      {view.data !== undefined && tab === 'backtest' && (
        <BacktestPanel planId={planId} version={v} format={format} />
      )}
      {view.data !== undefined && tab === 'scenarios' && (
        <ScenariosPanel
          planId={planId}
          version={v}
          format={format}
          quotas={view.data.results.quotas}
        />
      )}
      {view.data !== undefined && tab === 'changes' && (
        <ChangesPanel
          planId={planId}
          version={v}
          versions={p.versions.map((x) => x.version)}
          from={from}
          onFrom={(f) => {
            navigate(hrefOf(path, { v, tab, from: f }));
          }}
          format={format}
        />
      )}
      {view.data !== undefined && tab === 'documents' && (
        <DocumentsPanel
          planId={planId}
          version={v}
          docFormat={docFormat}
          onDocFormat={(f) => {
            navigate(hrefOf(path, { v, tab, format: f }));
          }}
          format={format}
        />
      )}
      {view.data !== undefined && tab === 'assumptions' && (
        <AssumptionsPanel view={view.data} canConfirm format={format} />
      )}
      {view.data !== undefined && tab === 'edit' && canEdit && (
        <PlanEditor key={v} view={view.data} latest={isLatest} format={format} />
      )}
      {tab === 'edit' && published && (
        <p data-testid="published-no-edit">
          This plan is published: v{p.publishedVersion} is the quota of record and takes no new
          version. Change a rep&rsquo;s quota with an adjustment, or draft a new plan.
        </p>
      )}
      {tab === 'edit' && !published && session.workspace.role !== 'admin' && (
        <p>
          Plans are edited by RevOps (admin); you can review and confirm inputs on the Assumptions
          tab.
        </p>
      )}
      {view.data !== undefined && tab === 'signoff' && (
        <SignoffPanel
          session={session}
          planId={planId}
          version={v}
          latest={isLatest}
          format={format}
        />
      )}
    </>
  );
}
