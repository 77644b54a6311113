import type { InputEvent } from '@app/contracts';
import { simulate } from '@app/simulation';
import {
  backtestTransitions,
  decodeHistoryEvents,
  decodeSnapshots,
  encodeRebuiltHistory,
  eventsByPartner,
  MCPP_PROGRAM,
  monthIndexOf,
  monthlySeries,
  monthStartMs,
  rebuildPartnerHistory,
  replayPartner,
  scorePartner,
  snapshotOf,
} from '../src/index.js';
import { EVENTS_KEPT, SNAPSHOTS_KEPT } from '../src/history.js';

const DAY = 86_400_000;

/** The partner's state at `at` by an independent route: replay to `at`, score at `at`. */
function stateAt(partnerId: string, events: readonly InputEvent[], at: number) {
  const { agg, lifecycle } = replayPartner(
    MCPP_PROGRAM,
    partnerId,
    events,
    Date.parse(events[0]!.occurredAt),
    at,
  );
  return { score: scorePartner(MCPP_PROGRAM, agg, at, false), lifecycle };
}

const simulation = simulate({
  seed: 1406,
  partners: 6,
  lastMonth: '2026-06',
  months: 25,
  reversalRate: 0.05,
  revocationRate: 0.1,
  expiringRate: 0.3,
});
const byPartner = eventsByPartner(simulation.records.flatMap((r) => (r.event ? [r.event] : [])));
// Eight months past the last month of facts: certifications expire, anniversaries come and go.
const to = Date.parse('2027-02-10T12:00:00Z');

describe('rebuildPartnerHistory', () => {
  it.each([...byPartner.keys()])(
    '%s: each month reads as the state at the month’s end (at `to` for the last)',
    (partnerId) => {
      const events = byPartner.get(partnerId)!;
      const history = rebuildPartnerHistory(MCPP_PROGRAM, partnerId, events, to);
      const lastMonth = monthIndexOf(to);
      let checkedMonths = 0;
      for (const designation of MCPP_PROGRAM.designations) {
        const records = history.snapshots.get(designation.id)!;
        expect(records.length).toBeLessThanOrEqual(SNAPSHOTS_KEPT);
        if (records.length === 0) continue;
        // Every third month and the last: each check replays the partner again.
        for (const snapshot of monthlySeries(records, records[0]!.month, lastMonth)) {
          if (snapshot.month % 3 !== 0 && snapshot.month !== lastMonth) continue;
          const at = snapshot.month === lastMonth ? to : monthStartMs(snapshot.month + 1) - 1;
          const { score, lifecycle } = stateAt(partnerId, events, at);
          const d = score.designations.find((x) => x.designationId === designation.id)!;
          const expected = snapshotOf(d, lifecycle.designations[designation.id]?.held ?? false, at);
          expect({ ...snapshot, month: 0 }).toEqual({ ...expected, month: 0 });
          checkedMonths++;
        }
      }
      // Every simulated partner scores something in some designation for more than a year.
      expect(checkedMonths).toBeGreaterThan(4);
    },
  );

  it('records the transitions the backtest walks, per designation, the newest kept', () => {
    let transitions = 0;
    for (const [partnerId, events] of byPartner) {
      const history = rebuildPartnerHistory(MCPP_PROGRAM, partnerId, events, to);
      const walked = backtestTransitions(MCPP_PROGRAM, events, Date.parse(events[0]!.occurredAt), to);
      for (const designation of MCPP_PROGRAM.designations) {
        const expected = walked
          .filter((w) => w.transition.designationId === designation.id)
          .map(({ transition: t }) => ({
            type: t.type,
            at: t.at,
            score: t.score.score,
            qualified: t.score.qualified,
          }))
          .slice(-EVENTS_KEPT);
        expect(history.events.get(designation.id)).toEqual(expected);
        transitions += expected.length;
      }
    }
    expect(transitions).toBeGreaterThan(0);
  });

  it('encodes to the stored records, which decode to the same history', () => {
    const [partnerId, events] = [...byPartner][0]!;
    const history = rebuildPartnerHistory(MCPP_PROGRAM, partnerId, events, to);
    for (const { designationId, snapshots, events: stored } of encodeRebuiltHistory(history)) {
      expect(decodeSnapshots(snapshots)).toEqual(history.snapshots.get(designationId));
      expect(decodeHistoryEvents(stored)).toEqual(
        history.events.get(designationId)!.map((e) => ({ ...e, score: Math.round(e.score * 100) / 100 })),
      );
    }
  });

  it('records nothing before the first event, and nothing for a partner without events by `to`', () => {
    const [partnerId, events] = [...byPartner][0]!;
    const first = Date.parse(events[0]!.occurredAt);
    const none = rebuildPartnerHistory(MCPP_PROGRAM, partnerId, events, first - DAY);
    expect([...none.snapshots.values()].every((r) => r.length === 0)).toBe(true);
    expect([...none.events.values()].every((r) => r.length === 0)).toBe(true);
    const some = rebuildPartnerHistory(MCPP_PROGRAM, partnerId, events, to);
    const firstMonth = Math.min(...[...some.snapshots.values()].flatMap((r) => r.map((s) => s.month)));
    expect(firstMonth).toBeGreaterThanOrEqual(monthIndexOf(first));
  });
});
