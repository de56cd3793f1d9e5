// A version's results: the checks panel (quota-to-OTE, coverage, account targets, capacity and
// the headcount ask, …), the back-test verdict, the run's issues, and the quota table with the
// per-rep explanation drawer.

import { useMemo, useState } from 'react';
import { parse } from 'yaml';
import { useQuery } from '@tanstack/react-query';
import { ExplanationDrawer } from '../../components/explanation-drawer.tsx';
import { QuotaTable } from '../../components/quota-table.tsx';
import type { Formatter } from '../../format.ts';
import { registerQuery } from '../../planning-api.ts';
import type { VersionQuota, VersionView } from '../../planning-api.ts';

const STATUS_WORDS: Record<string, string> = {
  pass: 'Pass',
  warning: 'Warning',
  fail: 'Fail',
  info: 'Info',
  'not-applicable': 'Not applicable',
};

export function ChecksPanel({
  results,
  format,
}: {
  results: VersionView['results'];
  format: Formatter;
}) {
  const { backtest } = results;
  return (
    <section aria-labelledby="checks-title" className="panel">
      <h2 id="checks-title">Checks</h2>
      <ul className="checks" data-testid="checks">
        {results.checks.map((c) => (
          <li key={c.code} className={`check check-${c.status}`} data-check={c.code}>
            <strong>{c.title}</strong>{' '}
            <span className="check-status">{STATUS_WORDS[c.status] ?? c.status}</span>
            <p>{c.summary}</p>
          </li>
        ))}
      </ul>
      <h3>Back-test</h3>
      {backtest === null ? (
        <p>No back-test: the run is blocked.</p>
      ) : (
        <p data-testid="backtest">
          <strong className={`verdict-${backtest.verdict}`}>
            {backtest.verdict.toUpperCase()}
          </strong>{' '}
          · {backtest.verdictText}.
          {backtest.kStar !== null && ` Calibrated ambition k* = ${backtest.kStar.toFixed(3)}`}
          {backtest.targetAtKStar !== null &&
            `, target at k* ${format.money(backtest.targetAtKStar)}`}
          {backtest.kStar !== null && '.'}
          {backtest.inSample && ' In sample: the history overlaps the test year.'} The Back-test tab
          has the histogram and the breakdowns.
        </p>
      )}
      {results.issues.length > 0 && (
        <>
          <h3>Issues of the run</h3>
          <ul>
            {results.issues.map((i, n) => (
              <li key={n}>
                <strong>{i.severity}</strong> {i.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The plan's first day from its text ('2017-07-01'), or null when it cannot be read. */
function startOf(planYaml: string): string | null {
  try {
    const file = parse(planYaml) as { start?: unknown } | null;
    const start = file?.start;
    return typeof start === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(start) ? start : null;
  } catch {
    return null;
  }
}

export function ResultsPanel({ view, format }: { view: VersionView; format: Formatter }) {
  const [explaining, setExplaining] = useState<VersionQuota | null>(null);
  const register = useQuery(registerQuery(view.planId, view.version));
  const { results } = view;
  const planStart = useMemo(() => startOf(view.planYaml), [view.planYaml]);
  return (
    <>
      <div className="cards">
        <div className="card">
          <h3>Total quota</h3>
          <p className="big">{format.money(results.totalQuota)}</p>
        </div>
        <div className="card">
          <h3>Reps with a quota</h3>
          <p className="big">{results.quotas.length}</p>
        </div>
        <div className="card">
          <h3>Inputs still assumed</h3>
          <p className="big">
            {/* Today's register (confirmations are decisions beside the version). */}
            {register.data?.assumed ??
              results.assumptions.filter((a) => a.status === 'ASSUMED').length}
          </p>
        </div>
      </div>
      {results.blocked && (
        <p role="alert" className="error-text">
          This version is blocked: an error in the data or the plan stops the quotas (see the issues
          below).
        </p>
      )}
      <ChecksPanel results={results} format={format} />
      <QuotaTable
        planStart={planStart}
        quotas={results.quotas}
        format={format}
        fileName={`plan-${view.planId}-v${view.version}-quotas.csv`}
        onExplain={setExplaining}
      />
      {explaining !== null && (
        <ExplanationDrawer
          key={explaining.id}
          planId={view.planId}
          version={view.version}
          repId={explaining.id}
          repName={explaining.name}
          format={format}
          onClose={() => {
            setExplaining(null);
          }}
        />
      )}
    </>
  );
}
