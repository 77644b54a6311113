import type { PartnerAggregate } from './aggregate.js';
import { type Floor, type Totals, measureOf, meetsFloor } from './measures.js';
import type { Measure, Program, Source, WorkloadSelector } from './program-schema.js';
import { selects } from './workloads.js';

/**
 * The figures a path to qualify proposes: one revenue line item or one usage report of a
 * hypothetical customer, in the scored month. Pure helpers of path-levers.ts.
 */
export interface Figure {
  workload: string;
  amountUsd?: number;
  activeUsers?: number;
  paidLicenses?: number;
}

/** A figure's contribution to a sum of figures (measures.ts Totals), mcv at the given rate. */
export function totalsOfFigure(figure: Figure, rate: number): Totals {
  const activeUsers = figure.activeUsers ?? 0;
  return {
    rows: 1,
    cents: Math.round((figure.amountUsd ?? 0) * 100),
    activeUsers,
    paidLicenses: figure.paidLicenses ?? 0,
    mcv: activeUsers * rate,
  };
}

export function addFigure(totals: Totals, figure: Figure, rate: number): Totals {
  const f = totalsOfFigure(figure, rate);
  return {
    rows: totals.rows + f.rows,
    cents: totals.cents + f.cents,
    activeUsers: totals.activeUsers + f.activeUsers,
    paidLicenses: totals.paidLicenses + f.paidLicenses,
    mcv: totals.mcv + f.mcv,
  };
}

/**
 * A figure of `units` (cents for amount, people for the usage measures) that raises `measure`.
 * Users come with as many licences (a ratio of 1) so that adding them never lowers an active
 * ratio; a ratio is raised by active users alone (one licence when there are none yet).
 */
export function figureOfUnits(measure: Measure, workload: string, units: number, licencesSoFar = 0): Figure {
  switch (measure) {
    case 'amount':
      return { workload, amountUsd: units / 100 };
    case 'activeRatio':
      return { workload, activeUsers: units, paidLicenses: licencesSoFar > 0 ? 0 : 1 };
    case 'activeUsers':
    case 'paidLicenses':
    case 'mcv':
      return { workload, activeUsers: units, paidLicenses: units };
  }
}

/**
 * The smallest figure of one workload whose measure meets the floor on its own (amounts to the
 * cent, people whole; a ratio as active users out of 100 licences), or null when none does (a
 * ceiling below every positive figure, or mcv on a workload without a rate).
 */
export function leastFigureMeeting(
  measure: Measure,
  floor: Floor,
  workload: string,
  rate: number,
): Figure | null {
  const lower = Math.max(0, floor.atLeast ?? floor.greaterThan ?? 0);
  const start =
    measure === 'amount'
      ? Math.ceil(lower * 100 - 1e-6)
      : measure === 'activeRatio'
        ? Math.ceil(lower * 100 - 1e-6)
        : measure === 'mcv'
          ? rate > 0
            ? Math.ceil(lower / rate - 1e-9)
            : 0
          : Math.ceil(lower - 1e-9);
  // The estimate is at most a unit or two short (greaterThan, binary fractions): step up.
  for (let units = Math.max(0, start); units <= Math.max(0, start) + 3; units++) {
    const figure =
      measure === 'activeRatio'
        ? { workload, activeUsers: units, paidLicenses: 100 }
        : figureOfUnits(measure, workload, units);
    if (meetsFloor(measureOf(totalsOfFigure(figure, rate), measure), floor)) return figure;
  }
  return null;
}

/**
 * Workload ids a suggestion may name for a selector, best first: the partner's own eligible
 * workloads, then those the program names (rates, exact ids of selectors). A glob (`azure.*`)
 * also allows ids nobody has named yet; `extra` of them are made up as `azure.other-1`, … .
 */
export function workloadCandidates(
  program: Program,
  agg: PartnerAggregate,
  source: Source,
  selector: WorkloadSelector,
  extra = 0,
): string[] {
  const own = new Set<string>();
  for (const facts of agg.customers.values()) for (const workload of facts[source].keys()) own.add(workload);
  const named = new Set<string>(Object.keys(program.workloadRates));
  for (const d of program.designations) {
    for (const t of d.tracks) {
      for (const m of t.metrics) {
        for (const c of m.components) {
          if (c.kind !== 'certifiedPeople') {
            for (const p of c.workloads.include) if (!p.includes('*')) named.add(p);
          }
        }
      }
    }
  }
  const sorted = (ids: Iterable<string>) => [...ids].filter((w) => selects(selector, w)).sort();
  const out = sorted(own);
  for (const w of sorted(named)) if (!own.has(w)) out.push(w);
  const glob = selector.include.find((p) => p.includes('*'));
  if (glob !== undefined) {
    const prefix = glob === '*' ? '' : glob.slice(0, -1);
    for (let n = 1, made = 0; made < extra && n < extra + 1000; n++) {
      const id = `${prefix}other-${n}`;
      if (!out.includes(id) && selects(selector, id)) {
        out.push(id);
        made++;
      }
    }
  }
  return out;
}

/** The eligible workload with the highest rate (mcv), or the first candidate. */
export function bestWorkloadFor(
  measure: Measure,
  candidates: readonly string[],
  rates: Readonly<Record<string, number>>,
): string | undefined {
  if (measure !== 'mcv') return candidates[0];
  let best: string | undefined;
  for (const w of candidates) {
    if ((rates[w] ?? 0) > 0 && (best === undefined || (rates[w] ?? 0) > (rates[best] ?? 0))) best = w;
  }
  return best;
}
