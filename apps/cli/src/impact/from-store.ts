import { ClockStore, connectRedis, createRedis, describeRedisTarget, PartnerStore, type RedisClient, RedisKeys } from '@app/redis';
import type { ProgramImpactTally } from '@app/scoring';
import type { CapscoreConfig } from '@app/config';
import { CommandFailure } from '../io.js';
import { ProgressReporter, type TtyAwareIo } from '../online/progress.js';

/** Partners read per round trip, as `capscore store migrate` does. */
const PAGE = 200;

/**
 * Feeds every partner of the Redis store to the tally, a page at a time (only the changes are
 * kept, never every aggregate), with progress on stderr. Reads only: nothing is written.
 * @param asOf - when undefined, the system's now: the fixed clock (CAPSCORE_CLOCK, as moved through
 *   the api) or the system clock
 * @returns the instant the tally was made for
 */
export async function tallyStore(config: CapscoreConfig, makeTally: (asOf: number) => ProgramImpactTally, asOf: number | undefined, io: TtyAwareIo): Promise<ProgramImpactTally> {
  const redis = createRedis(config.redis, { maxRetriesPerRequest: 3 });
  try {
    await connectRedis(redis);
  } catch (error) {
    redis.disconnect();
    throw new CommandFailure(`cannot reach ${describeRedisTarget(config.redis)} (${(error as Error).message})`);
  }
  try {
    const keys = new RedisKeys(config.redis.keyPrefix);
    const tally = makeTally(asOf ?? (await systemNow(config, redis, keys)));
    const store = new PartnerStore(redis, keys);
    const { total } = await store.partnerPage(0, 1);
    const progress = new ProgressReporter(io, 'scoring', total, 'partners');
    let read = 0;
    for (let offset = 0; ; offset += PAGE) {
      const { partnerIds } = await store.partnerPage(offset, PAGE);
      if (partnerIds.length === 0) break;
      for (const row of (await store.load(partnerIds)).values()) {
        read++;
        // Listed but never committed (no facts yet): nothing to score.
        if (row.aggregate) tally.add(row.aggregate);
      }
      progress.update(Math.min(read, total));
    }
    progress.finish();
    return tally;
  } finally {
    redis.disconnect();
  }
}

/** The clock the scorers use (libs/platform ClockService): the shared fixed clock, never behind CAPSCORE_CLOCK. */
async function systemNow(config: CapscoreConfig, redis: RedisClient, keys: RedisKeys): Promise<number> {
  if (config.fixedClock === undefined) return Date.now();
  const shared = await new ClockStore(redis, keys).read();
  return Math.max(shared ?? config.fixedClock, config.fixedClock);
}
