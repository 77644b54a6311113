import type { InputEvent } from '@app/contracts';
import {
  encodeHistoryEvent,
  encodeSnapshot,
  EVENTS_KEPT,
  type HistoryEvent,
  isEmptySnapshot,
  type MonthlySnapshot,
  snapshotOf,
  SNAPSHOTS_KEPT,
} from './history.js';
import { replayPartner } from './offline.js';
import type { Program } from './program-schema.js';
import { asSchedule, type ProgramSchedule } from './program-schedule.js';

/**
 * A partner's score history rebuilt from its events (issue 14 item 1: "rebuilt from the log like
 * everything else"). The pipeline writes history as it evaluates, at its own now, so a store
 * rebuilt by replaying the log has history only from the replay on. This replays the partner's
 * events as `backtest` does, walking every change point (event instants, month starts, moves of
 * the scored month, certification timers, anniversaries) from its first event up to `to`, and
 * records what the scorer would have recorded had it evaluated at each of them:
 *  - per designation and month, the snapshot of the month's last evaluation (the state at the
 *    month's end, or at `to` for the month of `to`), written only for a month whose snapshot
 *    differs from the one before, and not while nothing was ever scored (as the scorer does);
 *  - every designation transition at the instant the event time implies.
 * The results use the stored records' widths and caps (history.ts), newest kept.
 */
export interface RebuiltHistory {
  /** Per designation of the program (every one, empty where nothing was recorded), oldest first. */
  snapshots: Map<string, MonthlySnapshot[]>;
  events: Map<string, HistoryEvent[]>;
}

/**
 * `programs`: the program, or its versions (each instant walked under the version in force).
 * `events`: the partner's events in (occurredAt, eventId) order, as `eventsByPartner` gives them. */
export function rebuildPartnerHistory(
  programs: Program | ProgramSchedule,
  partnerId: string,
  events: readonly InputEvent[],
  to: number,
): RebuiltHistory {
  // Every designation of every version: one a version dropped keeps the history it had.
  const designationIds = [
    ...new Set(asSchedule(programs).versions.flatMap((p) => p.designations.map((d) => d.id))),
  ];
  const snapshots = new Map<string, MonthlySnapshot[]>(designationIds.map((id) => [id, []]));
  const transitions = new Map<string, HistoryEvent[]>(designationIds.map((id) => [id, []]));
  const first = events[0];
  if (first === undefined || Date.parse(first.occurredAt) > to) return { snapshots, events: transitions };
  replayPartner(
    programs,
    partnerId,
    events,
    Date.parse(first.occurredAt),
    to,
    (t) =>
      transitions
        .get(t.designationId)
        ?.push({ type: t.type, at: t.at, score: t.score.score, qualified: t.score.qualified }),
    (at, evaluation) => {
      for (const d of evaluation.score.designations) {
        const records = snapshots.get(d.designationId);
        if (!records) continue;
        const held = evaluation.lifecycle.designations[d.designationId]?.held ?? false;
        recordSnapshot(records, snapshotOf(d, held, at));
      }
    },
  );
  for (const records of snapshots.values()) records.splice(0, Math.max(0, records.length - SNAPSHOTS_KEPT));
  for (const records of transitions.values()) records.splice(0, Math.max(0, records.length - EVENTS_KEPT));
  return { snapshots, events: transitions };
}

/**
 * The commit script's rule for a monthly record (a record of the same month replaces the last
 * one, another month's is appended), fed only with snapshots that changed, as the scorer feeds it.
 * Snapshots are compared in their stored form: what differs only below a hundredth of a point is
 * the same record.
 */
function recordSnapshot(records: MonthlySnapshot[], snapshot: MonthlySnapshot): void {
  const last = records.at(-1);
  if (last === undefined) {
    if (!isEmptySnapshot(snapshot)) records.push(snapshot);
  } else if (last.month === snapshot.month) {
    records[records.length - 1] = snapshot;
  } else if (!encodeSnapshot(last).subarray(2).equals(encodeSnapshot(snapshot).subarray(2))) {
    records.push(snapshot);
  }
}

/** The rebuilt history in the stored form: per designation, the concatenated records. */
export function encodeRebuiltHistory(
  history: RebuiltHistory,
): { designationId: string; snapshots: Buffer; events: Buffer }[] {
  return [...history.snapshots].map(([designationId, records]) => ({
    designationId,
    snapshots: Buffer.concat(records.map(encodeSnapshot)),
    events: Buffer.concat((history.events.get(designationId) ?? []).map(encodeHistoryEvent)),
  }));
}
