import type { PartnerAggregate } from './aggregate.js';
import { nextChangeAt } from './change-points.js';
import {
  anniversaryAfter,
  type Cause,
  cloneLifecycle,
  type DesignationLifecycle,
  type LifecycleState,
  notHeld,
  renewalWindowStart,
  type Transition,
} from './lifecycle-state.js';
import { getOwn, setOwn } from './own.js';
import type { LifecycleConfig, Program } from './program-schema.js';
import { asSchedule, programAt, type ProgramSchedule, versionTakingEffect } from './program-schedule.js';
import { type DesignationScore, type PartnerScore, scorePartner } from './score.js';
import type { ScoreMemo } from './score-memo.js';

export interface Evaluation {
  lifecycle: LifecycleState;
  transitions: Transition[];
  score: PartnerScore;
}

/**
 * Evaluates the partner at `now`: a deterministic function of its arguments, so a re-run after a
 * crash yields the same transitions. First catches up on every change point strictly between
 * lifecycle.lastEvaluatedAt and now (in time order, with the given aggregate), then evaluates at
 * now with `cause`. Evaluating again at the same now with the same aggregate and the returned
 * lifecycle yields no transitions. An instant before lastEvaluatedAt is scored but changes no
 * state: decisions are never rewritten retroactively. `explain` as for scorePartner.
 * With a schedule, each instant is scored under the version in force at it, and the first
 * evaluation after a version took effect applies its onVersionChange (versionChangeStep).
 * `memo` (the scorer's) reuses designation scores whose inputs did not change (score-memo.ts).
 */
export function evaluatePartner(
  programs: Program | ProgramSchedule,
  agg: PartnerAggregate,
  lifecycle: LifecycleState,
  now: number,
  cause: Cause,
  explain = true,
  memo?: ScoreMemo,
): Evaluation {
  const schedule = asSchedule(programs);
  const state = cloneLifecycle(lifecycle);
  if (state.lastEvaluatedAt !== null && now < state.lastEvaluatedAt) {
    return {
      lifecycle: state,
      transitions: [],
      score: scorePartner(programAt(schedule, now), agg, now, explain, memo),
    };
  }
  const transitions: Transition[] = [];
  if (state.lastEvaluatedAt !== null) {
    for (;;) {
      const next = nextChangeAt(schedule, agg, state, state.lastEvaluatedAt);
      if (!next || next.at >= now) break;
      transitions.push(
        ...evaluateAt(schedule, agg, state, next.at, { kind: next.kind }, explain, memo).transitions,
      );
    }
  }
  const last = evaluateAt(schedule, agg, state, now, cause, explain, memo);
  transitions.push(...last.transitions);
  return { lifecycle: state, transitions, score: last.score };
}

/** One evaluation instant, under the version in force at it; mutates `state`. */
function evaluateAt(
  schedule: ProgramSchedule,
  agg: PartnerAggregate,
  state: LifecycleState,
  at: number,
  cause: Cause,
  explain: boolean,
  memo: ScoreMemo | undefined,
): { score: PartnerScore; transitions: Transition[] } {
  const program = programAt(schedule, at);
  const changed =
    state.lastEvaluatedAt === null ? null : versionTakingEffect(schedule, state.lastEvaluatedAt, at);
  const score = scorePartner(program, agg, at, explain, memo);
  const transitions: Transition[] = [];
  program.designations.forEach((designation, i) => {
    const ds = score.designations[i] as DesignationScore;
    const emit = (type: Transition['type'], anniversary: number | null): void => {
      transitions.push({ type, designationId: designation.id, at, score: ds, anniversary, cause });
    };
    const stored = getOwn(state.designations, designation.id) ?? notHeld();
    const current = changed ? versionChangeStep(stored, ds.qualified, changed.onVersionChange, emit) : stored;
    const next =
      program.lifecycle.mode === 'live'
        ? stepLive(current, ds.qualified, at, emit)
        : stepAnniversary(current, ds.qualified, at, program.lifecycle, emit);
    setOwn(state.designations, designation.id, next);
  });
  state.lastEvaluatedAt = Math.max(state.lastEvaluatedAt ?? at, at);
  return { score, transitions };
}

type Emit = (type: Transition['type'], anniversary: number | null) => void;

/**
 * A new version took effect at this evaluation (issue 16 item 3). Either way, qualifying under
 * the previous version no longer secures a renewal: from now on the new rules decide, so the
 * renewal window counts only instants scored under them. "grandfather" keeps a held designation
 * until its next anniversary whatever the new score (an at-risk warns when the new rules are
 * not met); "rescore" decides at once: a holder that does not qualify under the new rules loses
 * the designation at the cut-over.
 */
function versionChangeStep(
  s: DesignationLifecycle,
  qualified: boolean,
  policy: Program['onVersionChange'],
  emit: Emit,
): DesignationLifecycle {
  if (!s.held) return s;
  if (policy === 'rescore' && !qualified) {
    emit('designation.lost', null);
    return { ...notHeld(), lastQualifiedAt: s.lastQualifiedAt };
  }
  return { ...s, lastQualifiedAt: null };
}

/** Live mode: held exactly while qualifying. */
function stepLive(s: DesignationLifecycle, qualified: boolean, at: number, emit: Emit): DesignationLifecycle {
  const next = {
    ...s,
    anniversary: null,
    atRisk: false,
    lastQualifiedAt: qualified ? at : s.lastQualifiedAt,
  };
  if (!s.held && qualified) {
    emit('designation.granted', null);
    return { ...next, held: true, grantedAt: at, renewals: 0 };
  }
  if (s.held && !qualified) {
    emit('designation.lost', null);
    return { ...next, held: false, grantedAt: null };
  }
  return next;
}

/**
 * Anniversary mode (spec §3). Order within one instant: anniversary decisions (renewed/lost),
 * then a grant, then the at-risk edge.
 */
function stepAnniversary(
  s: DesignationLifecycle,
  qualified: boolean,
  at: number,
  config: LifecycleConfig,
  emit: Emit,
): DesignationLifecycle {
  const next = { ...s };
  // A missing anniversary on a held designation comes from a program switched from live mode.
  if (next.held && next.anniversary === null) {
    next.anniversary = anniversaryAfter(next.grantedAt ?? at, next.renewals, config);
  }
  // Normally at === A (anniversaries are change points); the loop also settles a stale state.
  while (next.held && next.anniversary !== null && next.anniversary <= at) {
    const A = next.anniversary;
    const last = next.lastQualifiedAt;
    const qualifiedInWindow =
      (last !== null && last >= renewalWindowStart(A, config) && last <= A) || (qualified && at === A);
    if (qualifiedInWindow) {
      next.renewals += 1;
      next.anniversary = anniversaryAfter(next.grantedAt ?? A, next.renewals, config);
      emit('designation.renewed', next.anniversary);
    } else {
      Object.assign(next, notHeld(), { lastQualifiedAt: last });
      emit('designation.lost', null);
    }
  }
  if (qualified) next.lastQualifiedAt = at;
  if (!next.held && qualified) {
    Object.assign(next, { held: true, grantedAt: at, renewals: 0, atRisk: false });
    next.anniversary = anniversaryAfter(at, 0, config);
    emit('designation.granted', next.anniversary);
  }
  // Renewal is secured once the partner qualified at some instant of the current window.
  const secured =
    next.anniversary !== null &&
    next.lastQualifiedAt !== null &&
    next.lastQualifiedAt >= renewalWindowStart(next.anniversary, config);
  const atRisk = next.held && !qualified && !secured;
  if (atRisk && !next.atRisk) emit('designation.at-risk', next.anniversary);
  next.atRisk = atRisk;
  return next;
}
