// `npm run bench:plan`: the quota engine on a synthetic organisation of 5,000 and 50,000 reps.
// Times the history pass (one pass over the deals) apart from allocation + checks (+ the
// explanations and the assumption register), which is what issue 3's goal is about:
// < 200 ms for 5,000 reps × 12 months and < 3 s for 50,000. Results go to docs/performance.md.

import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  allocate,
  assumptionRegister,
  checkPlan,
  explainAllocation,
  learnHistory,
} from '../src/core/engine/index.ts';
import type { Dataset, Deal, Rep } from '../src/core/model.ts';
import type { History } from '../src/core/engine/index.ts';
import { planWithDefaults } from '../src/core/plan/defaults.ts';
import type { Plan } from '../src/core/plan/types.ts';
import { createRng } from '../src/core/random.ts';

const PROVENANCE = { source: 'bench', derived: false } as const;
const SEGMENTS = ['SMB', 'MM', 'ENT'];

/**
 * Reps (1 manager per 8), 4 reps per territory, 10 accounts per rep, deals over 2025 (also the
 * organisation of the simulation benchmark, bench/simulation.ts).
 */
export function syntheticOrg(reps: number, dealsPerRep: number, seed: number): Dataset {
  const rng = createRng(seed);
  const dataset: Dataset = {
    settings: { currency: 'USD', basis: 'amount', asOf: '2025-12-31' },
    reps: [],
    territories: [],
    accounts: [],
    products: [],
    deals: [],
    rates: [],
    splits: [],
  };
  const territories = Math.max(1, Math.floor(reps / 4));
  for (let t = 0; t < territories; t++) {
    dataset.territories.push({
      id: `T${t}`,
      name: `Territory ${t}`,
      parentId: null,
      segment: SEGMENTS[t % 3] ?? 'SMB',
      ...PROVENANCE,
    });
  }
  const managers = Math.max(1, Math.floor(reps / 8));
  for (let m = 0; m < managers; m++) {
    dataset.reps.push(rep(`M${m}`, 'MGR', null, null, null));
  }
  for (let i = 0; i < reps; i++) {
    const t = i % territories;
    const hiredLately = rng.next() < 0.15;
    const start = hiredLately
      ? `2025-${String(1 + Math.floor(rng.next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rng.next() * 28)).padStart(2, '0')}`
      : null;
    dataset.reps.push(rep(`R${i}`, 'AE', `T${t}`, `M${i % managers}`, start));
    for (let a = 0; a < 10; a++) {
      dataset.accounts.push({
        id: `A${i}-${a}`,
        name: `Account ${i}-${a}`,
        territoryId: `T${t}`,
        ownerId: `R${i}`,
        segment: null,
        industry: null,
        employees: null,
        annualRevenue: null,
        potential: Math.round(1_000_000 + rng.next() * 50_000_000),
        ...PROVENANCE,
      });
    }
    for (let d = 0; d < dealsPerRep; d++) {
      const month = String(1 + Math.floor(rng.next() * 12)).padStart(2, '0');
      const r = rng.next();
      const status: Deal['status'] = r < 0.3 ? 'won' : r < 0.85 ? 'lost' : 'open';
      const amount = Math.round(500_000 + rng.next() * 4_000_000);
      dataset.deals.push({
        id: `D${i}-${d}`,
        name: null,
        accountId: `A${i}-${d % 10}`,
        ownerId: `R${i}`,
        sourceRepId: null,
        amount,
        originalAmount: amount,
        currency: 'USD',
        createdDate: `2025-${month}-01`,
        closeDate: status === 'open' ? `2026-0${1 + (d % 3)}-15` : `2025-${month}-20`,
        stage: null,
        status,
        probability: status === 'open' ? 0.4 : null,
        type: 'new_business',
        product: null,
        unmapped: [],
        ...PROVENANCE,
      });
    }
  }
  return dataset;

  function rep(
    id: string,
    role: string,
    territoryId: string | null,
    managerId: string | null,
    startDate: string | null,
  ): Rep {
    return {
      id,
      name: `Person ${id}`,
      email: null,
      managerId,
      role,
      segment: null,
      territoryId,
      startDate,
      endDate: null,
      ote: 12_000_000 + Math.round(rng.next() * 6_000_000),
      currency: 'USD',
      ...PROVENANCE,
    };
  }
}

function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function learn(
  dataset: Dataset,
  plan: Plan,
): { history: History; deals: number; historyMs: number } {
  const t = process.hrtime.bigint();
  const history = learnHistory(dataset, plan);
  return { history, deals: dataset.deals.length, historyMs: ms(t) };
}

/** Run only when executed (`npm run bench:plan`), not when bench/simulation.ts imports syntheticOrg. */
function main(): void {
  const { values } = parseArgs({
    options: {
      reps: { type: 'string', default: '5000,50000' },
      'deals-per-rep': { type: 'string', default: '24' },
      runs: { type: 'string', default: '5' },
      seed: { type: 'string', default: '7' },
    },
  });
  const runs = Number(values.runs);
  console.log(
    `quota engine benchmark — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}`,
  );
  for (const reps of values.reps.split(',').map(Number)) {
    const plan = planWithDefaults({
      name: 'Bench',
      start: '2026-01-01',
      currency: 'USD',
      target: { kind: 'total', total: reps * 30_000_000 },
    });
    // Allocation needs only the plan and the history: the deals go once the history is learnt.
    const { history, deals, historyMs } = learn(
      syntheticOrg(reps, Number(values['deals-per-rep']), Number(values.seed)),
      plan,
    );
    let t: bigint;
    const core: number[] = [];
    const words: number[] = [];
    let quota = 0;
    for (let k = 0; k < runs; k++) {
      t = process.hrtime.bigint();
      const allocation = allocate(plan, history);
      const checks = checkPlan(plan, history, allocation);
      core.push(ms(t));
      t = process.hrtime.bigint();
      explainAllocation(plan, allocation);
      assumptionRegister(plan, allocation);
      words.push(ms(t));
      quota = allocation.quota;
      if (allocation.issues.some((i) => i.severity === 'error') || checks.failed > 0) {
        throw new Error(`bench plan blocked: ${JSON.stringify(allocation.issues)}`);
      }
    }
    const median = (xs: number[]): string => {
      const sorted = [...xs].sort((a, b) => a - b);
      return `${sorted[sorted.length >> 1]?.toFixed(0)} ms (${sorted[0]?.toFixed(0)}–${sorted[sorted.length - 1]?.toFixed(0)})`;
    };
    console.log(
      `${reps.toLocaleString('en-US')} reps, ${deals.toLocaleString('en-US')} deals: ` +
        `history pass ${historyMs.toFixed(0)} ms; allocation + checks ${median(core)}; ` +
        `explanations + assumption register ${median(words)}; over ${runs} runs; ` +
        `Σ quotas ${quota} cents; peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  main();
