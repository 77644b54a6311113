import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { eventually } from '../support/processes.js';
import {
  aggregateMismatches,
  buildScenario,
  INGESTED_AT,
  produceScenario,
  waitForLag0,
} from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/** SIGTERM mid-stream: the scorer finishes what it holds, commits, leaves the group and exits 0. */
describe('graceful shutdown of the scorer', () => {
  const scenario = buildScenario(200, 77);
  let ns: TestNamespace;
  let stack: Stack;
  let probe: PipelineProbe;

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, {
      CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
      SCORER_MAX_BATCH_EVENTS: '300',
    });
    await stack.startScorer();
    probe = new PipelineProbe(ns);
    await probe.connect();
  });

  afterAll(async () => {
    await probe.close();
    await stack.stop();
    await dropNamespace(ns);
  });

  it('exits 0 on SIGTERM with its progress committed, and a restart completes the stream exactly', async () => {
    const total = scenario.sim.records.length;
    await produceScenario(scenario, ns);
    await eventually(
      async () => ((await probe.lag()) < total * 0.7 ? true : undefined),
      120_000,
      '30% consumed',
    );
    const scorer = stack.scorer!;
    scorer.kill('SIGTERM');
    expect(await scorer.exited).toBe(0);
    // What the stopped scorer applied, it also committed: the lag it left is what a restart
    // finds; a restart then finishes the stream and ends exactly at the clean pass.
    const lagAfterStop = await probe.lag();
    expect(lagAfterStop).toBeLessThan(total);
    await stack.startScorer();
    await waitForLag0(probe);
    expect(await aggregateMismatches(scenario, probe, INGESTED_AT)).toEqual([]);
  });
});
