import type { PartnerAggregate } from './aggregate.js';
import { certIndexFor } from './cert-index.js';
import type { CauseKind, LifecycleState } from './lifecycle-state.js';
import { getOwn } from './own.js';
import type { Program } from './program-schema.js';
import { asSchedule, nextVersionStart, programAt, type ProgramSchedule } from './program-schedule.js';
import { nextMonthStart, nextScoredMonthMove } from './time.js';

export type ChangeKind = Exclude<CauseKind, 'event'>;

/**
 * When several kinds fall on one instant, one evaluation happens and its cause is the most
 * specific kind: an anniversary decides renewal, an expiry explains a drop, month starts are
 * routine, other certification timers least informative.
 */
const PRIORITY: Record<ChangeKind, number> = {
  'program-version': 4,
  anniversary: 3,
  expiry: 2,
  'month-start': 1,
  timer: 0,
};

/**
 * The earliest change point strictly after `after` (spec §3): UTC month starts, instants at which
 * the scored month L moves (month start + dataLagDays), certification validity starts, expiries,
 * revocations and link changes recorded in the aggregate, anniversaries of held designations, and
 * the instants at which another program version takes effect (each window between two of them is
 * read under the version in force in it). Scores are constant between change points, so evaluating at each of them is exact. Never null
 * today (month starts never end); the null keeps callers honest should that change.
 */
export function nextChangeAt(
  programs: Program | ProgramSchedule,
  agg: PartnerAggregate,
  lifecycle: LifecycleState,
  after: number,
): { at: number; kind: ChangeKind } | null {
  const schedule = asSchedule(programs);
  const program = programAt(schedule, after);
  let best: { at: number; kind: ChangeKind } | null = null;
  const consider = (at: number, kind: ChangeKind): void => {
    if (at <= after) return;
    if (!best || at < best.at || (at === best.at && PRIORITY[kind] > PRIORITY[best.kind])) {
      best = { at, kind };
    }
  };
  consider(nextMonthStart(after), 'month-start');
  consider(nextScoredMonthMove(after, program.dataLagDays), 'month-start');
  const cert = certIndexFor(agg).nextChange(after);
  if (cert) consider(cert.at, cert.kind);
  if (program.lifecycle.mode === 'anniversary') {
    for (const designation of program.designations) {
      const state = getOwn(lifecycle.designations, designation.id);
      if (state?.held && state.anniversary !== null) consider(state.anniversary, 'anniversary');
    }
  }
  const versionStart = nextVersionStart(schedule, after);
  if (versionStart !== null) consider(versionStart, 'program-version');
  return best;
}
