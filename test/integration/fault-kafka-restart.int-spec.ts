import { FaultStream, NO_END_STATE_PROBLEMS, STACK_TRACE } from '../support/faults/fault-stream.js';
import { LocalBroker, freePortPair } from '../support/faults/servers.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { INGESTED_AT, waitForEvaluation } from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/**
 * The Kafka broker stopped and restarted under a running stream: a broker of this test alone (own
 * ports, own data directory), stopped (SIGTERM) while the stream is consumed and SIGKILLed the
 * moment a designation outbox is committed and not yet published, each time restarted on the
 * same data.
 * The scorer process must ride through every outage (never exit, never be restarted) and end with
 * the clean-run oracle's aggregates and designation events.
 */
describe('faults: the Kafka broker stopped and restarted mid-stream', () => {
  let broker: LocalBroker;
  let ns: TestNamespace;
  let stream: FaultStream;
  let stack: Stack;
  let probe: PipelineProbe;
  let scorerExited = false;
  const savedBrokers = process.env.KAFKA_BROKERS;
  const outages: string[] = [];

  beforeAll(async () => {
    broker = new LocalBroker(await freePortPair());
    await broker.start();
    // The shared support (namespace, probe, scenario) reads the brokers from the environment.
    process.env.KAFKA_BROKERS = broker.brokers.join(',');
    ns = await createNamespace();
    stream = new FaultStream(ns, 150, 3302);
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
      `fault-kafka-restart: ${outages.join('; ')}; scorer log: ${count(/ECONNREFUSED|Connection error|connection lost|Unhandled error event/i)} connection error line(s), ${count(/retrying in/)} chunk retries, ${count(/Restarting the consumer|consumer crashed/i)} consumer restarts; scorer exited: ${scorerExited}\n`,
    );
    await probe?.close();
    await stack?.stop();
    await dropNamespace(ns).catch(() => undefined);
    await broker.destroy();
    process.env.KAFKA_BROKERS = savedBrokers;
  });

  /** Stops the server, resumes a frozen scorer (which then finds it gone), restarts it after `downMs`. */
  async function outage(signal: 'SIGTERM' | 'SIGKILL', downMs: number, label: string, frozen = false): Promise<void> {
    const started = Date.now();
    await broker.stop(signal);
    if (frozen) stream.resume(stack.scorer!);
    await new Promise((r) => setTimeout(r, downMs));
    await broker.restart();
    outages.push(`${label}: broker ${signal}, back after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  it('consumes through a stop of the broker; ends with the clean-pass aggregates', async () => {
    await stream.produce();
    const first = await stream.freezeAt(stack.scorer!, 0.3);
    await outage('SIGTERM', 5_000, `at ${Math.round(first * 100)}% consumed`, true);
    await stream.waitLag0();
    expect(scorerExited).toBe(false);
    expect(await stream.aggregateMismatches(probe, INGESTED_AT)).toEqual([]);
    expect((await stream.lostEvents(probe, INGESTED_AT)).length).toBe(0);
  });

  it('publishes every designation event through a broker crash while timers fire', async () => {
    const expected = stream.expectedDesignations();
    expect(await stream.moveClockToSettled(stack.apiUrl)).toBe(200);
    // The broker dies the moment a designation outbox is committed and not yet published.
    expect(await stream.waitForPendingOutbox([...expected.keys()])).toBe(true);
    await outage('SIGKILL', 5_000, 'while designation outboxes were pending');

    await waitForEvaluation(probe, stream.scenario.sim.partnerIds, stream.scenario.settledAt);
    expect(scorerExited).toBe(false);
    const end = await stream.endState(probe, stream.scenario.settledAt, 'fault-kafka-restart');
    expect(end.problems).toEqual(NO_END_STATE_PROBLEMS);
  });

  it('logged no stack trace in the scorer or the api through the outages', () => {
    const lines = [...(stack.scorer?.output ?? []), ...(stack.api?.output ?? [])];
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => STACK_TRACE.test(line)).slice(0, 5)).toEqual([]);
  });
});
