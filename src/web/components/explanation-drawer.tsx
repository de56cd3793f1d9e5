// A rep's quota explained, in a drawer beside the quota table: the engine's sentences first, then
// the derivation as numbers (segment target, top-down and bottom-up parts, blend, over-assignment,
// rounding, territory weight and capacity), so a leader can check any quota by hand.

import { useEffect, useRef } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { Formatter } from '../format.ts';
import { explanationQuery } from '../planning-api.ts';
import type { Explanation } from '../planning-api.ts';
import { ErrorState, Loading } from './states.tsx';

function number(value: number, digits = 3): string {
  return Number.isFinite(value) ? String(Math.round(value * 10 ** digits) / 10 ** digits) : '–';
}

function Derivation({ e, format }: { e: Explanation; format: Formatter }) {
  const d = e.derivation;
  const rows: [string, string][] = [
    ['Pool · segment · measure', `${d.pool} · ${d.segment} · ${d.measure.replaceAll('_', ' ')}`],
    ['Segment target (T)', format.money(d.segmentTarget)],
    ['Segment quotas after over-assignment (R)', format.money(d.segmentTotal)],
    ['Top-down share (α)', format.pct(d.topDownShare)],
    ['Top-down part', format.money(d.topDown)],
    ['Bottom-up capacity', format.money(d.bottomUpCapacity)],
    ['Growth (g)', format.pct(d.growth)],
    ['Bottom-up part', format.money(d.bottomUp)],
    ['Blend α × top-down + (1 − α) × bottom-up', format.money(d.blended)],
    ['Over-assignment (o)', format.pct(d.overAssignment)],
    ['Before rounding', format.money(d.unrounded)],
    [`Rounding (to ${format.money(d.roundingUnit)})`, format.money(d.roundingDelta)],
    ['Quota', format.money(e.quota)],
    [
      'Effective months (capacity × seasonality)',
      `${number(d.capacity.effectiveMonths, 2)} of ${number(d.capacity.seasonalMonths, 2)}`,
    ],
    [
      'Productivity (own · cohort · credibility)',
      `${d.productivity.own === null ? '–' : format.money(d.productivity.own)} · ${
        d.productivity.cohort.productivity === null
          ? '–'
          : format.money(d.productivity.cohort.productivity)
      } (${d.productivity.cohort.level}, ${d.productivity.cohort.members} reps) · ${number(
        d.productivity.credibility,
      )}`,
    ],
  ];
  if (d.territory !== null) {
    rows.push([
      `Territory weight (${d.territory.territoryName})`,
      `${number(d.territory.weight)}${
        d.territory.override === null
          ? ' computed'
          : ` override (computed ${number(d.territory.computed)})`
      }`,
    ]);
  }
  return (
    <table className="compact" data-testid="derivation">
      <caption>Derivation</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="num">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ExplanationDrawer({
  planId,
  version,
  repId,
  repName,
  format,
  onClose,
}: {
  planId: number;
  version: number;
  repId: string;
  repName: string;
  format: Formatter;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const explanation = useQuery(explanationQuery(planId, version, repId));
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="drawer"
      aria-labelledby="drawer-title"
      onClose={onClose}
      data-testid="explanation-drawer"
    >
      <div className="drawer-head">
        <h2 id="drawer-title">Why {repName} has this quota</h2>
        <button
          type="button"
          onClick={() => {
            ref.current?.close();
          }}
        >
          Close
        </button>
      </div>
      {explanation.isPending && <Loading what="the explanation" />}
      {explanation.isError && <ErrorState error={explanation.error} what="the explanation" />}
      {explanation.data !== undefined && (
        <>
          {explanation.data.sentences.map((s) => (
            <p key={s}>{s}</p>
          ))}
          <Derivation e={explanation.data} format={format} />
          <table className="compact">
            <caption>By quarter</caption>
            <tbody>
              {explanation.data.quarters.map((q, i) => (
                <tr key={i}>
                  <th scope="row">Q{i + 1}</th>
                  <td className="num">{format.money(q)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </dialog>
  );
}
