import type { InputEvent, ScoreSnapshot } from '@app/contracts';
import {
  applyEvents,
  emptyAggregate,
  encodeHistoryEvent,
  encodeSnapshot,
  EVENT_FIELD_PREFIX,
  isEmptySnapshot,
  nextCertificationExpiry,
  SNAPSHOT_FIELD_PREFIX,
  snapshotOf,
  worklistIndexChanges,
  worklistPlaces,
  emptyLifecycle,
  evaluatePartner,
  nextChangeAt,
  pruneAggregate,
  snapshotDigest,
  toDesignationEvent,
  type Cause,
  type PartnerAggregate,
  type PartnerMeta,
  type PartnerScore,
  type Program,
  type ProgramSchedule,
  asSchedule,
  nextVersionStart,
  programAt,
  scoreMemoFor,
} from '@app/scoring';
import { encodeOutboxEntry, type OutboxEntry, worklistEntry } from './outbox-entry.js';

export type { PartnerMeta } from '@app/scoring';

export interface EvaluationInput {
  partnerId: string;
  events: readonly InputEvent[];
  /** Cause of the evaluation at `now`; null means "the timer that was due". */
  cause: Cause | null;
}

export interface Evaluation {
  aggregate: PartnerAggregate;
  meta: PartnerMeta;
  /** Encoded outbox entries: designation events, then changed score snapshots. */
  entries: string[];
  /** History records for the same commit: the month's snapshot of each changed designation, each transition. */
  history: [field: string, record: Buffer][];
  transitions: string[];
  score: PartnerScore;
  /** Designation scores kept from the partner's last evaluation instead of re-scored (score-memo.ts). */
  designationsReused: number;
}

/**
 * One partner's step, with no I/O: apply the events to the stored aggregate (in place), score
 * and run the lifecycle at `now`, prune, and derive the outbox entries and the next timer. With
 * several program versions, each instant is read under the version in force at it.
 */
export class PartnerEvaluator {
  private readonly schedule: ProgramSchedule;

  constructor(
    programs: Program | ProgramSchedule,
    private readonly topics: { designations: string; scores: string },
  ) {
    this.schedule = asSchedule(programs);
  }

  /**
   * Returns null when the events changed nothing (all redelivered or superseded) and no timer is
   * due: the stored state stands as it is, with nothing to write or publish. Redelivery after a
   * crash or rebalance then costs a read, not an evaluation and a write per partner.
   */
  evaluate(
    work: EvaluationInput,
    storedAggregate: PartnerAggregate | null,
    storedMeta: PartnerMeta | null,
    now: number,
  ): Evaluation | null {
    const aggregate = storedAggregate ?? emptyAggregate(work.partnerId);
    const lastChange = applyEvents(aggregate, work.events);
    const previous: PartnerMeta = storedMeta ?? { lifecycle: emptyLifecycle(), snapshots: {}, next: null };
    // Another instance (around a rebalance, with a skewed clock) may have evaluated later than our
    // now; evaluating earlier would change no state, so this partner is evaluated at that instant.
    now = Math.max(now, previous.lifecycle.lastEvaluatedAt ?? now);
    const dueTimer = previous.next && previous.next.at <= now ? previous.next : null;
    if (work.events.length > 0 && !lastChange && storedAggregate && storedMeta && !dueTimer) return null;
    // An event cause names the last event that changed the aggregate, not a redelivered copy that
    // happened to arrive after it in the same unit.
    const cause: Cause =
      work.cause?.kind === 'event' && lastChange
        ? { kind: 'event', eventId: lastChange.eventId }
        : (work.cause ?? { kind: dueTimer ? dueTimer.kind : this.timerKindAt(previous, now) });
    const program = programAt(this.schedule, now);
    // No `missing` texts: neither designation events nor score snapshots carry them.
    // Designations whose inputs the events did not touch keep their scores (score-memo.ts).
    const memo = scoreMemoFor(aggregate);
    const hitsBefore = memo.hits;
    const result = evaluatePartner(this.schedule, aggregate, previous.lifecycle, now, cause, false, memo);
    const designationsReused = memo.hits - hitsBefore;
    // Prune only after evaluating: the catch-up above scores earlier change points, which read
    // months that pruning at `now` would already have dropped.
    pruneAggregate(aggregate, program, now);

    const entries: string[] = [];
    const history: [string, Buffer][] = [];
    for (const t of result.transitions) {
      history.push([
        EVENT_FIELD_PREFIX + t.designationId,
        encodeHistoryEvent({ type: t.type, at: t.at, score: t.score.score, qualified: t.score.qualified }),
      ]);
      const event = toDesignationEvent(programAt(this.schedule, t.at), work.partnerId, t);
      const entry: OutboxEntry = {
        topic: this.topics.designations,
        key: work.partnerId,
        value: JSON.stringify(event),
        designation: { id: t.designationId, type: t.type, at: t.at },
      };
      entries.push(encodeOutboxEntry(entry));
    }
    const snapshots = { ...previous.snapshots };
    const snapshotContents: Record<string, string> = {};
    for (const d of result.score.designations) {
      const held = result.lifecycle.designations[d.designationId]?.held ?? false;
      const content = `${d.track}|${d.score}|${d.qualified}|${held}|${d.metrics.map((m) => m.points).join(',')}`;
      snapshotContents[d.designationId] = content;
      // The digest of `content` is stored already when the previous evaluation computed it from the same content.
      if (previous.snapshotContents?.[d.designationId] === content) continue;
      const digest = snapshotDigest(content);
      if (snapshots[d.designationId] === digest) continue;
      // The month's history record changes with the published snapshot; a designation that never
      // had a point, a qualification or a grant gets no record (its history reads as empty).
      const monthly = snapshotOf(d, held, now);
      if (snapshots[d.designationId] !== undefined || !isEmptySnapshot(monthly)) {
        history.push([SNAPSHOT_FIELD_PREFIX + d.designationId, encodeSnapshot(monthly)]);
      }
      snapshots[d.designationId] = digest;
      const snapshot: ScoreSnapshot = {
        partnerId: work.partnerId,
        designationId: d.designationId,
        evaluatedAt: new Date(now).toISOString(),
        programId: program.id,
        programVersion: program.version,
        track: d.track,
        score: d.score,
        qualified: d.qualified,
        held,
        metrics: d.metrics.map(({ id, category, points, maxPoints, value }) => ({
          id,
          category,
          points,
          maxPoints,
          value,
        })),
      };
      entries.push(
        encodeOutboxEntry({
          topic: this.topics.scores,
          key: `${work.partnerId}/${d.designationId}`,
          value: JSON.stringify(snapshot),
        }),
      );
    }
    const worklists = worklistPlaces(program, result.score, result.lifecycle);
    const indexChanges = worklistIndexChanges(program, previous.worklists ?? {}, worklists);
    const expiring = nextCertificationExpiry(aggregate, now);
    if (expiring !== (previous.expiring ?? null)) {
      indexChanges.push({ designationId: '', list: 'expiring', score: expiring });
    }
    if (indexChanges.length > 0) entries.push(encodeOutboxEntry(worklistEntry(work.partnerId, indexChanges)));
    let next = nextChangeAt(this.schedule, aggregate, result.lifecycle, now);
    if (next && next.at <= now) {
      // A timer that is due again at once would spin the timer loop; push it past now.
      next = { at: now + 1, kind: next.kind };
    }
    return {
      aggregate,
      meta: { lifecycle: result.lifecycle, snapshots, next, worklists, expiring, snapshotContents },
      entries,
      history,
      transitions: result.transitions.map((t) => t.type),
      score: result.score,
      designationsReused,
    };
  }

  /**
   * The cause of a timer evaluation whose stored timer is not due: a timer brought forward to a
   * version's effective instant (the stored one was scheduled before that version was known).
   */
  private timerKindAt(previous: PartnerMeta, now: number): Cause['kind'] {
    const last = previous.lifecycle.lastEvaluatedAt;
    return last !== null && nextVersionStart(this.schedule, last) === now ? 'program-version' : 'timer';
  }
}
