import { PartnerHistory } from '../../apps/api/src/openapi/schemas.js';
import {
  decodeHistoryEvents,
  decodeSnapshots,
  encodeHistoryEvent,
  encodeRebuiltHistory,
  encodeSnapshot,
  eventsByPartner,
  MCPP_PROGRAM,
  monthIndexOf,
  rebuildPartnerHistory,
} from '@app/scoring';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { eventually, httpJson, runCapscore } from '../support/processes.js';
import {
  buildScenario,
  produceScenario,
  type Scenario,
  waitForEvaluation,
  waitForLag0,
} from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/** After every fact of the scenario took effect (its L is 2026-05; MCPP moves L on the 20th). */
const CLOCK = '2026-07-03T00:00:00Z';
const DESIGNATIONS = MCPP_PROGRAM.designations.map((d) => d.id);

type StoredHistory = Map<string, { snapshots: Buffer | null; events: Buffer | null }>;

/**
 * `capscore history rebuild` (issue 14 item 1, "rebuilt from the log"): a scorer that consumed a
 * year of events at one fixed now recorded one month of history; the rebuild reads the input
 * topics and fills in every month and transition before that now, as the offline engine lives
 * them, and keeps what the scorer recorded for its own month.
 */
describe('capscore history rebuild from the input topics', () => {
  let ns: TestNamespace;
  let stack: Stack;
  let probe: PipelineProbe;
  let scenario: Scenario;
  let env: Record<string, string>;
  const live = new Map<string, StoredHistory>();
  const stored = async (partnerId: string) => (await probe.history.history(partnerId, DESIGNATIONS)).fields;

  beforeAll(async () => {
    ns = await createNamespace();
    env = { ...ns.env, CAPSCORE_CLOCK: CLOCK };
    stack = new Stack(ns, { CAPSCORE_CLOCK: CLOCK });
    probe = new PipelineProbe(ns);
    await probe.connect();
    scenario = buildScenario(24, 1407, 0.02);
    await Promise.all([stack.startScorer(), stack.startApi()]);
    await produceScenario(scenario, ns);
    await waitForLag0(probe);
    await waitForEvaluation(probe, scenario.sim.partnerIds, Date.parse(CLOCK));
    for (const partnerId of scenario.sim.partnerIds) live.set(partnerId, await stored(partnerId));
  });

  afterAll(async () => {
    await stack.stop();
    await probe.close();
    await dropNamespace(ns);
  });

  it('before: the scorer recorded only the month of its now', () => {
    const months = [...live.values()].flatMap((h) =>
      [...h.values()].flatMap((f) => decodeSnapshots(f.snapshots).map((s) => s.month)),
    );
    expect(months.length).toBeGreaterThan(0);
    expect(new Set(months)).toEqual(new Set([monthIndexOf(Date.parse(CLOCK))]));
  });

  it('fills in the past from the log, keeps the scorer’s month, and a second run changes nothing', async () => {
    const run = await runCapscore(env, 'history', 'rebuild', '--format', 'json');
    expect(run.code).toBe(0);
    const invalid = scenario.sim.records.filter((r) => r.event === null).length;
    expect(JSON.parse(run.stdout)).toEqual({
      asOf: new Date(CLOCK).toISOString(),
      records: scenario.sim.records.length,
      invalid,
      events: scenario.validEvents.length,
      partners: scenario.sim.partnerIds.length,
      rebuilt: scenario.sim.partnerIds.length,
      notInStore: 0,
    });
    // Not a terminal: progress as plain lines, ending at 100 %.
    expect(run.stderr).toMatch(/rebuilding history \[#{24}\] 100% 24\/24 partners/);

    const cut = Date.parse(CLOCK);
    const cutMonth = monthIndexOf(cut);
    let pastMonths = 0;
    const afterFirst = new Map<string, StoredHistory>();
    for (const [partnerId, events] of eventsByPartner(scenario.validEvents)) {
      const rebuilt = rebuildPartnerHistory(MCPP_PROGRAM, partnerId, events, cut);
      const after = await stored(partnerId);
      afterFirst.set(partnerId, after);
      for (const { designationId, snapshots, events: transitions } of encodeRebuiltHistory(rebuilt)) {
        const before = live.get(partnerId)?.get(designationId);
        // The scorer's own month stays as it recorded it; before it, the rebuilt months.
        const liveMonths = decodeSnapshots(before?.snapshots).filter((s) => s.month >= cutMonth);
        const expectedSnapshots =
          liveMonths.length > 0
            ? Buffer.concat(
                [...decodeSnapshots(snapshots).filter((s) => s.month < cutMonth), ...liveMonths].map(
                  encodeSnapshot,
                ),
              )
            : snapshots;
        const expectedEvents = Buffer.concat([
          transitions,
          ...decodeHistoryEvents(before?.events)
            .filter((e) => e.at > cut)
            .map(encodeHistoryEvent),
        ]);
        const actual = after.get(designationId);
        expect([
          partnerId,
          designationId,
          actual?.snapshots ?? Buffer.alloc(0),
          actual?.events ?? Buffer.alloc(0),
        ]).toEqual([partnerId, designationId, expectedSnapshots, expectedEvents]);
        pastMonths += decodeSnapshots(actual?.snapshots).filter((s) => s.month < cutMonth).length;
      }
    }
    expect(pastMonths).toBeGreaterThan(scenario.sim.partnerIds.length);

    const again = await runCapscore(env, 'history', 'rebuild', '--format', 'json');
    expect(again.code).toBe(0);
    for (const [partnerId, once] of afterFirst) {
      expect([partnerId, await stored(partnerId)]).toEqual([partnerId, once]);
    }
  });

  it('serves the rebuilt months through the api', async () => {
    // A partner with a grant in its rebuilt past: its history now reaches back before the scorer's now.
    const cut = Date.parse(CLOCK);
    const granted = [...eventsByPartner(scenario.validEvents)].find(([partnerId, events]) =>
      [...rebuildPartnerHistory(MCPP_PROGRAM, partnerId, events, cut).events.values()].some((list) =>
        list.some((e) => e.type === 'designation.granted' && e.at < cut),
      ),
    );
    expect(granted).toBeDefined();
    const [partnerId] = granted!;
    const response = await eventually(
      async () => {
        const r = await httpJson(`${stack.apiUrl}/v1/partners/${partnerId}/history?from=2025-01-01`);
        return r.status === 200 ? r : undefined;
      },
      30_000,
      'the history of a partner',
    );
    const history = PartnerHistory.parse(response.body);
    const grants = history.designations.flatMap((d) =>
      d.events.filter((e) => e.type === 'designation.granted'),
    );
    expect(grants.some((e) => Date.parse(e.at) < cut)).toBe(true);
    expect(history.designations.some((d) => d.months.some((m) => m.month < CLOCK.slice(0, 7)))).toBe(true);
  });
});
