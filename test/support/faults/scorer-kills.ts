import { topicOffsets } from '@app/kafka';
import { createRedis, RedisKeys } from '@app/redis';
import type { Random } from '@app/simulation';
import { redisUrl } from '../infra.js';
import type { PipelineProbe } from '../pipeline-probe.js';
import type { AppProcess } from '../processes.js';
import type { FaultStream } from './fault-stream.js';

/**
 * SIGKILLs of the scorer inside the windows that matter (a batch, a publish), found by freezing
 * it (SIGSTOP) and inspecting Redis and the committed offsets (FaultStream.crashState).
 */

export interface CrashState {
  /** Partners whose stored state lacks events below the committed offsets (must stay empty). */
  behind: string[];
  /** Partners whose stored state holds events above the committed offsets. */
  ahead: number;
  pendingOutboxPartners: number;
  pendingPartners: string[];
  /** Designation events committed in an outbox and not acknowledged as published. */
  pendingDesignationIds: string[];
}

export interface PublishKill {
  state: CrashState;
  notYetInKafka: number;
  alreadyInKafka: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGKILLs the scorer inside a batch: it is frozen (SIGSTOP) at random moments and inspected;
 * the kill comes only once Redis holds work of a batch whose offsets are not committed. Returns
 * the state seen at the kill, or null when the stream was consumed first (scorer left running).
 */
export async function killInsideBatch(
  stream: FaultStream,
  scorer: AppProcess,
  probe: PipelineProbe,
  rng: Random,
  timeoutMs = 120_000,
): Promise<CrashState | null> {
  const pid = scorer.pid as number;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // Short runs between inspections: a unit of the faster scorer can finish well within 400 ms,
    // and the batch window must still be caught before the stream is consumed.
    await sleep(rng.int(10, 120));
    process.kill(pid, 'SIGSTOP');
    const state = await stream.crashState(probe);
    if (state.ahead > 0 || state.behind.length > 0) {
      scorer.kill('SIGKILL');
      await scorer.exited;
      return state;
    }
    process.kill(pid, 'SIGCONT');
    if ((await stream.lag()) === 0) return null;
  }
  throw new Error(`no batch window within ${timeoutMs} ms`);
}

/**
 * SIGKILLs the scorer inside the publish of designation events: while it runs, the outbox keys
 * of `partnerIds` are polled; once one is non-empty the scorer is frozen (SIGSTOP) and inspected.
 * - `before-send`: killed right there: committed in Redis, not (all) in Kafka yet;
 * - `after-send`: stepped a quarter millisecond at a time (SIGCONT, SIGSTOP) until the designations
 *   topic has grown while the outbox is still pending: in Kafka, not acknowledged.
 * Which sub-window was really hit is decided afterwards from the topic's content.
 * Returns null when every outbox was acknowledged before it could be caught.
 */
export async function killInsidePublish(
  stream: FaultStream,
  scorer: AppProcess,
  probe: PipelineProbe,
  partnerIds: readonly string[],
  mode: 'before-send' | 'after-send',
  timeoutMs = 120_000,
): Promise<PublishKill | null> {
  const pid = scorer.pid as number;
  const keys = new RedisKeys(stream.ns.keyPrefix);
  const redis = createRedis(redisUrl(), {
    enableAutoPipelining: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  });
  redis.on('error', () => undefined);
  const highWatermark = async () =>
    (await topicOffsets(stream.kafka(), stream.ns.topics.designations)).reduce(
      (n, p) => n + BigInt(p.high),
      0n,
    );
  const deadline = Date.now() + timeoutMs;
  try {
    while (Date.now() < deadline) {
      if ((await redis.exists(...partnerIds.map((id) => keys.partnerOutbox(id)))) === 0) {
        await sleep(1);
        continue;
      }
      process.kill(pid, 'SIGSTOP');
      const state = await stream.crashState(probe);
      if (state.pendingDesignationIds.length === 0) {
        process.kill(pid, 'SIGCONT');
        continue;
      }
      const pendingKeys = state.pendingPartners.map((id) => keys.partnerOutbox(id));
      const before = await highWatermark();
      let kill = mode === 'before-send';
      for (let step = 0; !kill && step < 20_000; step++) {
        process.kill(pid, 'SIGCONT');
        // A quarter of a millisecond of scorer time per step, timed by spinning: a timer's 1 ms
        // is often several on a loaded machine, and the window from the broker's append to the
        // outbox acknowledgement is only a Kafka response and one Redis call wide.
        spin(0.25);
        process.kill(pid, 'SIGSTOP');
        if ((await redis.exists(...pendingKeys)) === 0) break; // acknowledged: missed this one
        kill = (await highWatermark()) > before;
      }
      if (!kill) {
        process.kill(pid, 'SIGCONT');
        continue;
      }
      scorer.kill('SIGKILL');
      await scorer.exited;
      const final = await stream.crashState(probe);
      const inTopic = await stream.publishedDesignationIds();
      const sent = final.pendingDesignationIds.filter((id) => inTopic.has(id)).length;
      return { state: final, notYetInKafka: final.pendingDesignationIds.length - sent, alreadyInKafka: sent };
    }
    return null;
  } finally {
    redis.disconnect();
  }
}

/** Busy-waits: finer and steadier than a timer for stepping a stopped process. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spinning on purpose
  }
}
