import type { AggregateObserver, PartnerAggregate } from './aggregate.js';
import type { CertIndex } from './cert-index.js';
import type { Designation, Program, Source, WorkloadSelector } from './program-schema.js';
import type { DesignationScore } from './score.js';
import { WorkloadMatcher } from './workloads.js';

/** What a designation's data components read: one source through one workload selector. */
type DataInput = { source: Source; workloads: WorkloadSelector };

interface MemoEntry {
  program: Program;
  at: number;
  /** The scored month L the score was read at (Y = L − 12 follows). */
  L: number;
  /** The memo's change counter when the score was computed. */
  epoch: number;
  score: DesignationScore;
}

const inputsByDesignation = new WeakMap<Designation, DataInput[]>();

/** Every (source, selector) the designation's revenue and usage components read. */
function dataInputsOf(designation: Designation): DataInput[] {
  let inputs = inputsByDesignation.get(designation);
  if (!inputs) {
    inputs = designation.tracks.flatMap((t) =>
      t.metrics.flatMap((m) =>
        m.components.flatMap((c) =>
          c.kind === 'certifiedPeople' ? [] : [{ source: c.source, workloads: c.workloads }],
        ),
      ),
    );
    inputsByDesignation.set(designation, inputs);
  }
  return inputs;
}

/**
 * Designation scores of one partner, kept between evaluations (issue #12: "score only the
 * designations whose inputs changed"). On live traffic an event touches one workload or one
 * person, and of the six designations it moves one or two; the others are read from here.
 *
 * A kept score is reused at an instant T only when it is provably what scoreDesignation would
 * return at T (scores are constant between change points, spec §3):
 * - the same program object and `explain`, and the same scored month L (so the same Y);
 * - no person changed since (every certification count and gate reads the people), and no
 *   certification instant (validity start or end, revocation, link change) lies between the
 *   instant it was computed at and T: holder counts are step functions of those instants;
 * - no revenue or usage of a workload one of its data components selects changed since.
 * It observes the aggregate like the indexes do, so every change (events, prunes) is seen; when a
 * large batch drops the observers, the memo goes with them and starts empty.
 *
 * Only the scorer uses it (PartnerEvaluator): the offline engine, the api and the tests' oracles
 * score from scratch, so they check it rather than share it.
 */
export class ScoreMemo implements AggregateObserver {
  private epoch = 0;
  private peopleChangedAt = 0;
  /** Per source, workload → the epoch of its last change. */
  private readonly dataChangedAt: Record<Source, Map<string, number>> = {
    revenue: new Map(),
    usage: new Map(),
  };
  /** Kept scores without and with explanations (the api asks with, the scorer without). */
  private readonly entries = [new Map<Designation, MemoEntry>(), new Map<Designation, MemoEntry>()] as const;
  private readonly matcher = new WorkloadMatcher();
  /** Scores served from the memo (for tests and benchmarks). */
  hits = 0;

  beforeCustomer(): void {}

  afterCustomer(_customerId: string, source: Source, workload: string): void {
    this.dataChangedAt[source].set(workload, ++this.epoch);
  }

  beforePerson(): void {}

  afterPerson(): void {
    this.epoch++;
    this.peopleChangedAt = this.epoch;
  }

  /** The kept score of `designation` if it holds at `at` (see the class comment), else undefined. */
  get(
    program: Program,
    designation: Designation,
    at: number,
    L: number,
    explain: boolean,
    certs: CertIndex,
  ): DesignationScore | undefined {
    const entry = this.entries[explain ? 1 : 0].get(designation);
    if (!entry || entry.program !== program || entry.L !== L) return undefined;
    if (this.peopleChangedAt > entry.epoch) return undefined;
    if (at !== entry.at) {
      const change = certs.nextChange(Math.min(at, entry.at));
      if (change !== null && change.at <= Math.max(at, entry.at)) return undefined;
    }
    for (const input of dataInputsOf(designation)) {
      for (const [workload, epoch] of this.dataChangedAt[input.source]) {
        if (epoch > entry.epoch && this.matcher.matches(input.workloads, workload)) return undefined;
      }
    }
    this.hits++;
    return entry.score;
  }

  set(
    program: Program,
    designation: Designation,
    at: number,
    L: number,
    explain: boolean,
    score: DesignationScore,
  ): void {
    this.entries[explain ? 1 : 0].set(designation, { program, at, L, epoch: this.epoch, score });
  }
}

/** The aggregate's memo, registered as its observer the first time it is asked for. */
export function scoreMemoFor(agg: PartnerAggregate): ScoreMemo {
  for (const o of agg.observers) if (o instanceof ScoreMemo) return o;
  const memo = new ScoreMemo();
  agg.observers.push(memo);
  return memo;
}
