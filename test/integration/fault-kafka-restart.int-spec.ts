import { NO_END_STATE_PROBLEMS } from '../support/faults/end-state.js';
import { STACK_TRACE } from '../support/faults/fault-stream.js';
import { OutageHarness } from '../support/faults/outage-harness.js';
import { freePortPair } from '@app/testkit';
import { LocalBroker } from '../support/faults/servers.js';
import { INGESTED_AT, waitForEvaluation } from '../support/scenario.js';

/**
 * The Kafka broker stopped and restarted under a running stream: a broker of this test alone (own
 * ports, own data directory), stopped (SIGTERM) while the stream is consumed and SIGKILLed the
 * moment a designation outbox is committed and not yet published, each time restarted on the
 * same data.
 * The scorer process must ride through every outage (never exit, never be restarted) and end with
 * the clean-run oracle's aggregates and designation events.
 */
describe('faults: the Kafka broker stopped and restarted mid-stream', () => {
  const h = new OutageHarness(
    'fault-kafka-restart',
    async () => new LocalBroker(await freePortPair()),
    { variable: 'KAFKA_BROKERS', value: (broker) => broker.brokers.join(',') },
    3302,
  );
  beforeAll(() => h.setUp());
  afterAll(() => h.tearDown());

  it('consumes through a stop of the broker; ends with the clean-pass aggregates', async () => {
    await h.stream.produce();
    const first = await h.stream.freezeAt(h.stack.scorer!, 0.3);
    await h.outage('SIGTERM', 5_000, `at ${Math.round(first * 100)}% consumed`, true);
    await h.stream.waitLag0();
    expect(h.scorerExited).toBe(false);
    expect(await h.stream.aggregateMismatches(h.probe, INGESTED_AT)).toEqual([]);
    expect((await h.stream.lostEvents(h.probe, INGESTED_AT)).length).toBe(0);
  });

  it('publishes every designation event through a broker crash while timers fire', async () => {
    const expected = h.stream.expectedDesignations();
    expect(await h.stream.moveClockToSettled(h.stack.apiUrl)).toBe(200);
    // The broker dies the moment a designation outbox is committed and not yet published.
    expect(await h.stream.waitForPendingOutbox([...expected.keys()])).toBe(true);
    await h.outage('SIGKILL', 5_000, 'while designation outboxes were pending');

    await waitForEvaluation(h.probe, h.stream.scenario.sim.partnerIds, h.stream.scenario.settledAt);
    expect(h.scorerExited).toBe(false);
    const end = await h.stream.endState(h.probe, h.stream.scenario.settledAt, 'fault-kafka-restart');
    expect(end.problems).toEqual(NO_END_STATE_PROBLEMS);
  });

  it('logged no stack trace in the scorer or the api through the outages', () => {
    const lines = [...(h.stack.scorer?.output ?? []), ...(h.stack.api?.output ?? [])];
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => STACK_TRACE.test(line)).slice(0, 5)).toEqual([]);
  });
});
