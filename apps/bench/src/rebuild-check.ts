import { PartnerStore, RedisKeys, type RedisClient } from '@app/redis';
import { canonicalAggregate, scorePartner, type PartnerAggregate, type Program } from '@app/scoring';

export interface RebuildCheck {
  partners: number;
  aggregatesEqual: number;
  /**
   * Equal once orphan reversals are left out: a reversal whose item's month was pruned before it
   * arrived stays stored until the horizon passes its own instant, so whether it is there depends
   * on how the stream was cut into batches. It reverses nothing a score can read.
   */
  aggregatesEqualButOrphanReversals: number;
  scoresEqual: number;
  /** Up to 5 partner ids that differ, for investigation. */
  differing: string[];
}

// Partners loaded per round trip: large enough to amortise latency, small enough for memory.
const CHUNK = 500;

/**
 * Proof that a rebuild reproduced the live state: per partner, the canonical aggregate (keys
 * sorted) and the full score (every designation, track and metric) at the same instant are equal.
 */
export async function compareRebuild(
  redis: RedisClient,
  program: Program,
  livePrefix: string,
  rebuiltPrefix: string,
  partnerIds: readonly string[],
  at: number,
): Promise<RebuildCheck> {
  const live = new PartnerStore(redis, new RedisKeys(livePrefix));
  const rebuilt = new PartnerStore(redis, new RedisKeys(rebuiltPrefix));
  const check: RebuildCheck = {
    partners: 0,
    aggregatesEqual: 0,
    aggregatesEqualButOrphanReversals: 0,
    scoresEqual: 0,
    differing: [],
  };
  for (let i = 0; i < partnerIds.length; i += CHUNK) {
    const ids = partnerIds.slice(i, i + CHUNK);
    const [a, b] = await Promise.all([live.load(ids), rebuilt.load(ids)]);
    for (const id of ids) {
      const x = a.get(id)?.aggregate ?? null;
      const y = b.get(id)?.aggregate ?? null;
      check.partners++;
      // A partner with only malformed records has no aggregate in either: that is equal too.
      const bothMissing = x === null && y === null;
      const aggEqual =
        bothMissing ||
        (x !== null &&
          y !== null &&
          JSON.stringify(canonicalAggregate(x)) === JSON.stringify(canonicalAggregate(y)));
      const scoreEqual =
        bothMissing ||
        (x !== null &&
          y !== null &&
          JSON.stringify(scorePartner(program, x, at)) === JSON.stringify(scorePartner(program, y, at)));
      const withoutOrphans = (a: PartnerAggregate) =>
        JSON.stringify({ ...canonicalAggregate(a), reversals: {} });
      if (aggEqual) check.aggregatesEqual++;
      if (bothMissing || (x !== null && y !== null && withoutOrphans(x) === withoutOrphans(y))) {
        check.aggregatesEqualButOrphanReversals++;
      }
      if (scoreEqual) check.scoresEqual++;
      if ((!aggEqual || !scoreEqual) && check.differing.length < 5) check.differing.push(id);
    }
  }
  return check;
}
