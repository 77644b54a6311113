import type { PartnerAggregate } from './aggregate.js';
import type { Program } from './program-schema.js';
import { scorePartner } from './score.js';

/**
 * What a proposed program would change (issue #16, item 1): every partner scored under the active
 * program and under the proposed one at the same instant, compared by qualification (the best
 * track's `qualified`, scoring-model.md §1). Holding is not compared: whether a holder keeps a
 * designation it no longer qualifies for is the lifecycle's business (renewal window, and later
 * grandfathering), so the report needs no lifecycle state.
 */

export interface ImpactEntry {
  partnerId: string;
  /** The designation's score under the active program; null when the active program lacks it. */
  before: number | null;
  /** The designation's score under the proposed program; null when the proposed program lacks it. */
  after: number | null;
}

export interface DesignationImpact {
  designationId: string;
  /** Partners that qualify under the proposed program only, by partnerId. */
  gains: ImpactEntry[];
  /** Partners that qualify under the active program only, by partnerId. */
  losses: ImpactEntry[];
  /** Partners whose qualification is the same under both (both qualify, or neither does). */
  unchanged: number;
}

export interface ProgramImpact {
  /**
   * The active program's designations in its order, then those only the proposed program has,
   * in its order. A designation missing from one program counts as not qualifying there: every
   * partner qualifying for an active-only designation is a loss (after: null), every partner
   * qualifying for a proposed-only one a gain (before: null).
   */
  designations: DesignationImpact[];
}

interface Tally {
  designationId: string;
  gains: ImpactEntry[];
  losses: ImpactEntry[];
  unchanged: number;
}

/**
 * Accumulates the impact partner by partner, so a caller can stream a large store in pages and
 * hold only the changes, never every aggregate.
 */
export class ProgramImpactTally {
  private readonly tallies: Tally[];
  private readonly seen = new Set<string>();

  /**
   * @param asOf - evaluation instant (epoch ms) for both programs; each program applies its own
   *   dataLagDays to it
   */
  constructor(
    private readonly active: Program,
    private readonly proposed: Program,
    readonly asOf: number,
  ) {
    const ids = [...active.designations, ...proposed.designations].map((d) => d.id);
    this.tallies = [...new Set(ids)].map((designationId) => ({
      designationId,
      gains: [],
      losses: [],
      unchanged: 0,
    }));
  }

  /** Partners counted so far. */
  get partners(): number {
    return this.seen.size;
  }

  /**
   * Scores one partner under both programs. A partner already counted is ignored (returns false):
   * a page walk over a list that grew meanwhile may meet a partner twice.
   */
  add(agg: PartnerAggregate): boolean {
    if (this.seen.has(agg.partnerId)) return false;
    this.seen.add(agg.partnerId);
    // explain = false: the texts of what a metric lacks are not part of the report.
    const before = byDesignation(scorePartner(this.active, agg, this.asOf, false).designations);
    const after = byDesignation(scorePartner(this.proposed, agg, this.asOf, false).designations);
    for (const tally of this.tallies) {
      const was = before.get(tally.designationId);
      const will = after.get(tally.designationId);
      const wasQualified = was?.qualified === true;
      const willQualify = will?.qualified === true;
      if (wasQualified === willQualify) {
        tally.unchanged++;
        continue;
      }
      const entry = { partnerId: agg.partnerId, before: was?.score ?? null, after: will?.score ?? null };
      (willQualify ? tally.gains : tally.losses).push(entry);
    }
    return true;
  }

  /** The report so far; entries ordered by partnerId (UTF-16 code units, as JavaScript compares strings). */
  report(): ProgramImpact {
    return {
      designations: this.tallies.map((t) => ({
        designationId: t.designationId,
        gains: [...t.gains].sort(byPartnerId),
        losses: [...t.losses].sort(byPartnerId),
        unchanged: t.unchanged,
      })),
    };
  }
}

/** The impact of replacing `active` by `proposed` on these partners at `asOf`. */
export function programImpact(
  active: Program,
  proposed: Program,
  partners: Iterable<PartnerAggregate>,
  asOf: number,
): ProgramImpact {
  const tally = new ProgramImpactTally(active, proposed, asOf);
  for (const agg of partners) tally.add(agg);
  return tally.report();
}

function byDesignation<T extends { designationId: string }>(scores: readonly T[]): Map<string, T> {
  return new Map(scores.map((s) => [s.designationId, s]));
}

function byPartnerId(a: ImpactEntry, b: ImpactEntry): number {
  return a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0;
}

/** One gain or loss of a report, as a row (the CSV export and the api's pages). */
export interface ImpactChange extends ImpactEntry {
  designationId: string;
  change: 'gain' | 'loss';
}

/** The report's gains and losses as rows: designations in report order, gains then losses, by partnerId. */
export function impactChanges(report: ProgramImpact): ImpactChange[] {
  return report.designations.flatMap((d) => [
    ...d.gains.map((e) => ({ designationId: d.designationId, change: 'gain' as const, ...e })),
    ...d.losses.map((e) => ({ designationId: d.designationId, change: 'loss' as const, ...e })),
  ]);
}
