import type { DesignationEvent, InputEvent } from '@app/contracts';
import { type PartnerAggregate, applyEvent, compareStamp, emptyAggregate } from './aggregate.js';
import { nextChangeAt } from './change-points.js';
import { toDesignationEvent } from './designation-event.js';
import { type Evaluation, evaluatePartner } from './lifecycle.js';
import { type Cause, emptyLifecycle, type LifecycleState, type Transition } from './lifecycle-state.js';
import type { Program } from './program-schema.js';
import { asSchedule, programAt, type ProgramSchedule } from './program-schedule.js';
import { type PartnerScore, scorePartner } from './score.js';

/**
 * The engine without Kafka or Redis (contracts §6), for the `score` and `backtest` commands:
 * events in memory, time as parameters.
 */

/** Events per partner, partners in id order, each partner's events in (occurredAt, eventId) order. */
export function eventsByPartner(events: readonly InputEvent[]): Map<string, InputEvent[]> {
  const byPartner = new Map<string, InputEvent[]>();
  for (const event of events) {
    const list = byPartner.get(event.partnerId);
    if (list) list.push(event);
    else byPartner.set(event.partnerId, [event]);
  }
  const sorted = new Map([...byPartner.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const list of sorted.values()) {
    list.sort((a, b) =>
      compareStamp(Date.parse(a.occurredAt), a.eventId, Date.parse(b.occurredAt), b.eventId),
    );
  }
  return sorted;
}

/**
 * The aggregate of every partner that has events, in partner id order, from the events with
 * occurredAt ≤ asOf (a partner whose events all come later has an empty one).
 */
export function aggregatesAt(events: readonly InputEvent[], asOf: number): PartnerAggregate[] {
  return [...eventsByPartner(events)].map(([partnerId, list]) => {
    const agg = emptyAggregate(partnerId);
    for (const event of list) if (Date.parse(event.occurredAt) <= asOf) applyEvent(agg, event);
    return agg;
  });
}

/** Scores every partner that has events, applying those with occurredAt ≤ asOf. */
export function scoreEvents(program: Program, events: readonly InputEvent[], asOf: number): PartnerScore[] {
  return aggregatesAt(events, asOf).map((agg) => scorePartner(program, agg, asOf));
}

export interface BacktestTransition {
  partnerId: string;
  transition: Transition;
}

/**
 * Replays history: applies events with occurredAt ≤ from and evaluates at `from` (cause
 * 'timer'); then walks every change point in (from, to] — event instants (cause 'event' with the
 * eventId of the last event applied at that instant), month starts, L moves, certification
 * timers and anniversaries — applying the events that occurred by then and evaluating.
 * With a schedule, every change point is read under the version in force at it, and each
 * version's effective instant is a change point (program-schedule.ts).
 * @returns the transitions of all partners in time order (ties: partner id, then emission order)
 */
export function backtestTransitions(
  programs: Program | ProgramSchedule,
  events: readonly InputEvent[],
  from: number,
  to: number,
): BacktestTransition[] {
  // The walk visits every month start up to `to`: it must end.
  if (!Number.isFinite(from) || !Number.isFinite(to)) {
    throw new RangeError('backtest needs finite from and to instants');
  }
  const out: BacktestTransition[] = [];
  for (const [partnerId, list] of eventsByPartner(events)) {
    replayPartner(programs, partnerId, list, from, to, (transition) => out.push({ partnerId, transition }));
  }
  // Array.prototype.sort is stable: each partner's own order survives.
  return out.sort(
    (a, b) =>
      a.transition.at - b.transition.at ||
      (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0),
  );
}

/**
 * One partner's history as the pipeline lives it (see backtestTransitions): its events (in
 * (occurredAt, eventId) order) applied up to `from`, an evaluation there, then every change point
 * up to `to`. Returns the aggregate and the lifecycle state at `to`, as a scorer would hold them.
 */
export function replayPartner(
  programs: Program | ProgramSchedule,
  partnerId: string,
  list: readonly InputEvent[],
  from: number,
  to: number,
  onTransition: (transition: Transition) => void = () => {},
  onEvaluation?: (at: number, evaluation: Evaluation) => void,
): { agg: PartnerAggregate; lifecycle: LifecycleState } {
  // The backtest's transitions keep their explanations; an evaluation observer (the history
  // rebuild) reads only points, so its walk skips building the `missing` texts.
  const explain = onEvaluation === undefined;
  const agg = emptyAggregate(partnerId);
  const times = list.map((e) => Date.parse(e.occurredAt));
  let i = 0;
  while (i < list.length && (times[i] as number) <= from) applyEvent(agg, list[i++] as InputEvent);
  const schedule = asSchedule(programs);
  let evaluation = evaluatePartner(schedule, agg, emptyLifecycle(), from, { kind: 'timer' }, explain);
  evaluation.transitions.forEach(onTransition);
  onEvaluation?.(from, evaluation);
  let cursor = from;
  for (;;) {
    const eventAt = i < list.length ? (times[i] as number) : Infinity;
    const change = nextChangeAt(schedule, agg, evaluation.lifecycle, cursor);
    const at = Math.min(eventAt, change?.at ?? Infinity);
    if (at > to) break;
    let cause: Cause;
    if (at === eventAt) {
      let eventId = '';
      while (i < list.length && times[i] === at) {
        const event = list[i++] as InputEvent;
        applyEvent(agg, event);
        eventId = event.eventId;
      }
      cause = { kind: 'event', eventId };
    } else {
      cause = { kind: change?.kind ?? 'timer' };
    }
    evaluation = evaluatePartner(schedule, agg, evaluation.lifecycle, at, cause, explain);
    evaluation.transitions.forEach(onTransition);
    onEvaluation?.(at, evaluation);
    cursor = at;
  }
  return { agg, lifecycle: evaluation.lifecycle };
}

/** backtestTransitions as contracts §2 designation events, each naming the version in force at it. */
export function backtest(
  programs: Program | ProgramSchedule,
  events: readonly InputEvent[],
  from: number,
  to: number,
): DesignationEvent[] {
  const schedule = asSchedule(programs);
  return backtestTransitions(schedule, events, from, to).map(({ partnerId, transition }) =>
    toDesignationEvent(programAt(schedule, transition.at), partnerId, transition),
  );
}
