import { NO_END_STATE_PROBLEMS } from '../support/faults/end-state.js';
import { STACK_TRACE } from '../support/faults/fault-stream.js';
import { OutageHarness } from '../support/faults/outage-harness.js';
import { PrivateRedis } from '../support/faults/servers.js';
import { freePort } from '@app/testkit';
import { INGESTED_AT, waitForEvaluation } from '../support/scenario.js';

/**
 * Redis stopped and restarted under a running stream: a private redis-server of this test (own
 * port, own directory, AOF persistence; never the shared server), SIGKILLed and restarted while
 * the stream is consumed, stopped cleanly once, and SIGKILLed the moment a designation outbox is
 * committed but not yet published. The scorer must wait and retry (never exit, never skip a
 * record) and end with the clean-run oracle's aggregates and designation events.
 */
describe('faults: Redis stopped and restarted mid-stream', () => {
  const h = new OutageHarness(
    'fault-redis-restart',
    async () => new PrivateRedis(await freePort()),
    { variable: 'REDIS_URL', value: (redis) => redis.url },
    3303,
  );
  beforeAll(() => h.setUp());
  afterAll(() => h.tearDown());

  it('consumes through a crash and a clean stop of Redis; ends with the clean-pass aggregates', async () => {
    await h.stream.produce();
    const first = await h.stream.freezeAt(h.stack.scorer!, 0.2);
    await h.outage('SIGKILL', 6_000, `at ${Math.round(first * 100)}% consumed`, true);
    const second = await h.stream.freezeAt(h.stack.scorer!, Math.max(0.6, first + 0.1));
    await h.outage('SIGTERM', 4_000, `at ${Math.round(second * 100)}% consumed`, true);
    await h.stream.waitLag0();
    expect(h.scorerExited).toBe(false);
    expect(await h.stream.aggregateMismatches(h.probe, INGESTED_AT)).toEqual([]);
    expect((await h.stream.lostEvents(h.probe, INGESTED_AT)).length).toBe(0);
  });

  it('publishes every designation event through a Redis crash while an outbox is pending', async () => {
    const expected = h.stream.expectedDesignations();
    expect(await h.stream.moveClockToSettled(h.stack.apiUrl)).toBe(200);
    expect(await h.stream.waitForPendingOutbox([...expected.keys()])).toBe(true);
    await h.outage('SIGKILL', 6_000, 'while designation outboxes were pending');

    await waitForEvaluation(h.probe, h.stream.scenario.sim.partnerIds, h.stream.scenario.settledAt);
    expect(h.scorerExited).toBe(false);
    const end = await h.stream.endState(h.probe, h.stream.scenario.settledAt, 'fault-redis-restart');
    expect(end.problems).toEqual(NO_END_STATE_PROBLEMS);
  });

  it('logged no stack trace in the scorer or the api through the outages', () => {
    const lines = [...(h.stack.scorer?.output ?? []), ...(h.stack.api?.output ?? [])];
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.filter((line) => STACK_TRACE.test(line)).slice(0, 5)).toEqual([]);
  });
});
