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
import { type DesignationScore, type PartnerScore, scorePartner } from './score.js';

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
 */
export function evaluatePartner(
  program: Program,
  agg: PartnerAggregate,
  lifecycle: LifecycleState,
  now: number,
  cause: Cause,
  explain = true,
): Evaluation {
  const state = cloneLifecycle(lifecycle);
  if (state.lastEvaluatedAt !== null && now < state.lastEvaluatedAt) {
    return { lifecycle: state, transitions: [], score: scorePartner(program, agg, now, explain) };
  }
  const transitions: Transition[] = [];
  if (state.lastEvaluatedAt !== null) {
    for (;;) {
      const next = nextChangeAt(program, agg, state, state.lastEvaluatedAt);
      if (!next || next.at >= now) break;
      transitions.push(...evaluateAt(program, agg, state, next.at, { kind: next.kind }, explain).transitions);
    }
  }
  const last = evaluateAt(program, agg, state, now, cause, explain);
  transitions.push(...last.transitions);
  return { lifecycle: state, transitions, score: last.score };
}

/** One evaluation instant; mutates `state`. */
function evaluateAt(
  program: Program,
  agg: PartnerAggregate,
  state: LifecycleState,
  at: number,
  cause: Cause,
  explain: boolean,
): { score: PartnerScore; transitions: Transition[] } {
  const score = scorePartner(program, agg, at, explain);
  const transitions: Transition[] = [];
  program.designations.forEach((designation, i) => {
    const ds = score.designations[i] as DesignationScore;
    const current = getOwn(state.designations, designation.id) ?? notHeld();
    const emit = (type: Transition['type'], anniversary: number | null): void => {
      transitions.push({ type, designationId: designation.id, at, score: ds, anniversary, cause });
    };
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
