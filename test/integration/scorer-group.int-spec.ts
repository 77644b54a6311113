import { hostname } from 'node:os';
import { NO_END_STATE_PROBLEMS } from '../support/faults/end-state.js';
import { FaultStream, STACK_TRACE } from '../support/faults/fault-stream.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { type AppProcess, eventually, metricSum } from '../support/processes.js';
import { INGESTED_AT, waitForEvaluation } from '../support/scenario.js';
import { Stack } from '../support/stack.js';

const PARTITIONS = 4;
const ALL_PARTITIONS = [0, 1, 2, 3];
const log = (line: string) => process.stderr.write(`[scorer-group] ${line}\n`);

/**
 * Scale-out as the README describes it, asserted: several scorer instances in one consumer group
 * share the input partitions, and when one dies the others take its partitions over. The stream
 * arrives in three stages so that each step meets records still in flight:
 * 1. scorer A alone; B joins while A consumes: the group splits the partitions between them;
 * 2. both consume; both are frozen mid-stream and B is SIGKILLed: A takes every partition back,
 *    including the partners B changed since A last wrote them (A's cached state of them is stale);
 * 3. B restarts and rejoins while the last records arrive; the clock then moves and each instance
 *    fires the timers of the partitions it owns.
 * The end state must be the clean pass: aggregates, every designation event in order with the
 * oracle's body (re-publications only byte-identical), every malformed record dead-lettered.
 */
describe('two scorers in one consumer group: one joins mid-stream, is SIGKILLed and restarts', () => {
  let ns: TestNamespace;
  let stream: FaultStream;
  let probe: PipelineProbe;
  const env = {
    CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
    SCORER_TIMER_INTERVAL_MS: '200',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    // Small chunks: many commits, so both instances are seen working before the kill.
    SCORER_MAX_BATCH_EVENTS: '100',
  };
  let a: Stack;
  let b: Stack;
  let unexpectedExits = 0;

  const instanceOf = (scorer: AppProcess) => `${hostname()}-${scorer.pid}`;
  const watch = (scorer: AppProcess) => {
    void scorer.exited.then((code) => {
      if (code !== null) unexpectedExits++; // null: ended by this test's signal
    });
    return scorer;
  };

  /** The partitions each scorer announces, once they are disjoint, non-empty and cover them all. */
  async function split(scorers: readonly AppProcess[], what: string): Promise<number[][]> {
    return eventually(
      async () => {
        const live = await probe.liveScorers();
        const owned = scorers.map((s) => live.find((h) => h.instanceId === instanceOf(s))?.shards ?? []);
        const union = owned.flat().sort((x, y) => x - y);
        const disjointCover = JSON.stringify(union) === JSON.stringify(ALL_PARTITIONS);
        return disjointCover && owned.every((shards) => shards.length > 0) ? owned : undefined;
      },
      60_000,
      what,
    );
  }

  const applied = (stack: Stack) => metricSum(stack.scorerUrl, 'capscore_events_applied_total');

  beforeAll(async () => {
    ns = await createNamespace(PARTITIONS);
    stream = new FaultStream(ns, 300, 4711);
    a = new Stack(ns, env);
    b = new Stack(ns, env);
    const [scorer] = await Promise.all([a.startScorer(), a.startApi()]);
    watch(scorer);
    probe = new PipelineProbe(ns);
    await probe.connect();
  });

  afterAll(async () => {
    await probe.close();
    await Promise.all([a.stop(), b.stop()]);
    await dropNamespace(ns);
  });

  it('a second scorer joining while the first consumes gets a share of the partitions', async () => {
    await stream.produce(Math.floor(stream.total * 0.3));
    watch(await b.startScorer());
    const [ofA, ofB] = await split([a.scorer!, b.scorer!], 'A and B sharing the partitions');
    log(`A owns ${JSON.stringify(ofA)}, B owns ${JSON.stringify(ofB)}`);
    expect([ofA!.length, ofB!.length]).toEqual([2, 2]);
  });

  it('when the joiner is SIGKILLed while both consume, the first takes every partition back (its cache of them stale): nothing lost or counted twice', async () => {
    await stream.waitLag0();
    const before = await Promise.all([applied(a), applied(b)]);
    await stream.produce(Math.floor(stream.total * 0.8));
    // Both at work on this stage, then both frozen while records are left and B killed.
    await eventually(
      async () => {
        const now = await Promise.all([applied(a), applied(b)]);
        return now[0] > before[0] && now[1] > before[1] ? true : undefined;
      },
      120_000,
      'both scorers applying records of the second stage',
    );
    const done = await stream.freezeAt([a.scorer!, b.scorer!], 0);
    b.scorer!.kill('SIGKILL');
    stream.resume(a.scorer!);
    await b.scorer!.exited;
    log(`B SIGKILLed with ${Math.round(done * 100)}% of the stream committed`);

    await eventually(
      async () => {
        const live = await probe.liveScorers();
        const ofA = live.find((h) => h.instanceId === instanceOf(a.scorer!))?.shards;
        return JSON.stringify(ofA) === JSON.stringify(ALL_PARTITIONS) ? true : undefined;
      },
      60_000,
      'A owning every partition after the kill',
    );
    await stream.waitLag0();
    expect(await stream.aggregateMismatches(probe, INGESTED_AT)).toEqual([]);
    expect((await stream.lostEvents(probe, INGESTED_AT)).length).toBe(0);
  });

  it('a restarted scorer rejoins while the last records arrive; each fires the timers of its partitions; the end state is the clean pass', async () => {
    await stream.produce();
    watch(await b.startScorer());
    const [ofA, ofB] = await split([a.scorer!, b.scorer!], 'A and the restarted B sharing the partitions');
    log(`after the restart A owns ${JSON.stringify(ofA)}, B owns ${JSON.stringify(ofB)}`);
    await stream.waitLag0();

    const transitions = (stack: Stack) =>
      metricSum(stack.scorerUrl, 'capscore_designation_transitions_total');
    const transitionsBefore = await Promise.all([transitions(a), transitions(b)]);
    expect(await stream.moveClockToSettled(a.apiUrl)).toBe(200);
    await waitForEvaluation(probe, stream.scenario.sim.partnerIds, stream.scenario.settledAt);
    const end = await stream.endState(probe, stream.scenario.settledAt, 'scorer-group');
    expect(end.problems).toEqual(NO_END_STATE_PROBLEMS);

    // The timers of a partition fire where it is owned: both instances published transitions.
    const transitionsAfter = await Promise.all([transitions(a), transitions(b)]);
    expect(transitionsAfter[0]).toBeGreaterThan(transitionsBefore[0]);
    expect(transitionsAfter[1]).toBeGreaterThan(transitionsBefore[1]);
    log(
      `transitions published by A ${transitionsAfter[0] - transitionsBefore[0]}, by B ${transitionsAfter[1] - transitionsBefore[1]}; ${end.duplicates} byte-identical re-publication(s)`,
    );
    expect(unexpectedExits).toBe(0);
    for (const scorer of [a.scorer!, b.scorer!]) {
      expect(scorer.output.filter((line) => STACK_TRACE.test(line)).slice(0, 5)).toEqual([]);
    }
  });
});
