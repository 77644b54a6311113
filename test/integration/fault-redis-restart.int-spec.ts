import { FaultStream, NO_END_STATE_PROBLEMS, STACK_TRACE } from '../support/faults/fault-stream.js';
import { PrivateRedis } from '../support/faults/servers.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { freePort } from '../support/processes.js';
import { INGESTED_AT, waitForEvaluation } from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/**
 * Redis stopped and restarted under a running stream: a private redis-server of this test (own
 * port, own directory, AOF persistence; never the shared server), SIGKILLed and restarted while
 * the stream is consumed, stopped cleanly once, and SIGKILLed the moment a designation outbox is
 * committed but not yet published. The scorer must wait and retry (never exit, never skip a
 * record) and end with the clean-run oracle's aggregates and designation events.
 */
describe('faults: Redis stopped and restarted mid-stream', () => {
  let redis: PrivateRedis;
  let ns: TestNamespace;
  let stream: FaultStream;
  let stack: Stack;
  let probe: PipelineProbe;
  let scorerExited = false;
  const savedRedisUrl = process.env.REDIS_URL;
  const outages: string[] = [];

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    // The shared support (namespace, probe, scenario) reads the Redis URL from the environment.
    process.env.REDIS_URL = redis.url;
    ns = await createNamespace();
    stream = new FaultStream(ns, 150, 3303);
    stack = new Stack(ns, { CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(), SCORER_TIMER_INTERVAL_MS: '200', KAFKA_SESSION_TIMEOUT_MS: '10000', SCORER_MAX_BATCH_EVENTS: '500' });
    const scorer = await stack.startScorer();
    void scorer.exited.then(() => (scorerExited = true));
    await stack.startApi();
    probe = new PipelineProbe(ns);
    await probe.connect();
  });

  afterAll(async () => {
    const lines = stack?.scorer?.output ?? [];
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    process.stderr.write(
      `fault-redis-restart: ${outages.join('; ')}; scorer log: ${count(/ECONNREFUSED|Connection error|connection lost|Unhandled error event/i)} connection error line(s), ${count(/retrying in/)} chunk retries, ${count(/Restarting the consumer|consumer crashed/i)} consumer restarts; scorer exited: ${scorerExited}\n`,
    );
    await probe?.close();
    await stack?.stop();
    await dropNamespace(ns).catch(() => undefined);
    await redis.destroy();
    process.env.REDIS_URL = savedRedisUrl;
  });

  /** Stops the server, resumes a frozen scorer (which then finds it gone), restarts it after `downMs`. */
  async function outage(signal: 'SIGTERM' | 'SIGKILL', downMs: number, label: string, frozen = false): Promise<void> {
    const started = Date.now();
    await redis.stop(signal);
    if (frozen) stream.resume(stack.scorer!);
    await new Promise((r) => setTimeout(r, downMs));
    await redis.restart();
    outages.push(`${label}: redis ${signal}, back after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  it('consumes through a crash and a clean stop of Redis; ends with the clean-pass aggregates', async () => {
    await stream.produce();
    const first = await stream.freezeAt(stack.scorer!, 0.2);
    await outage('SIGKILL', 6_000, `at ${Math.round(first * 100)}% consumed`, true);
    const second = await stream.freezeAt(stack.scorer!, Math.max(0.6, first + 0.1));
    await outage('SIGTERM', 4_000, `at ${Math.round(second * 100)}% consumed`, true);
    await stream.waitLag0();
    expect(scorerExited).toBe(false);
    expect(await stream.aggregateMismatches(probe, INGESTED_AT)).toEqual([]);
    expect((await stream.lostEvents(probe, INGESTED_AT)).length).toBe(0);
  });

  it('publishes every designation event through a Redis crash while an outbox is pending', async () => {
    const expected = stream.expectedDesignations();
    expect(await stream.moveClockToSettled(stack.apiUrl)).toBe(200);
    expect(await stream.waitForPendingOutbox([...expected.keys()])).toBe(true);
    await outage('SIGKILL', 6_000, 'while designation outboxes were pending');

    await waitForEvaluation(probe, stream.scenario.sim.partnerIds, stream.scenario.settledAt);
    expect(scorerExited).toBe(false);
    const end = await stream.endState(probe, stream.scenario.settledAt, 'fault-redis-restart');
    expect(end.problems).toEqual(NO_END_STATE_PROBLEMS);
  });

  it('logged no stack trace in the scorer or the api through the outages', () => {
    const lines = [...(stack.scorer?.output ?? []), ...(stack.api?.output ?? [])];
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => STACK_TRACE.test(line)).slice(0, 5)).toEqual([]);
  });
});
