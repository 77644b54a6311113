import { EVENT_FIELD_PREFIX, SNAPSHOT_FIELD_PREFIX, monthIndexOf } from '@app/scoring';
import type { RedisClient } from './connection.js';
import { RedisKeys } from './keys.js';

/**
 * A partner's score history in Redis: the monthly snapshot and designation event fields of its
 * state hash. The scorer writes them in the same atomic commit as the partner's state
 * (PartnerStore.commit); this store reads them for the api and replaces them when
 * `capscore history rebuild` rebuilds them from the log.
 */
export class PartnerHistoryStore {
  constructor(
    private readonly redis: RedisClient,
    readonly keys: RedisKeys,
  ) {}

  /**
   * The history fields of the given designations (Buffers, null where none), and the partner's
   * version (0: never written).
   */
  async history(
    partnerId: string,
    designationIds: readonly string[],
  ): Promise<{ version: number; fields: Map<string, { snapshots: Buffer | null; events: Buffer | null }> }> {
    const names = designationIds.flatMap((d) => [SNAPSHOT_FIELD_PREFIX + d, EVENT_FIELD_PREFIX + d]);
    const [ver, ...values] = await this.redis.hmgetBuffer(this.keys.partnerState(partnerId), 'ver', ...names);
    const fields = new Map(
      designationIds.map((d, i) => [
        d,
        { snapshots: values[2 * i] ?? null, events: values[2 * i + 1] ?? null },
      ]),
    );
    return { version: Number(ver?.toString() ?? '0'), fields };
  }

  /**
   * Replaces the partner's history fields with rebuilt records up to `cutAt`, keeping what the
   * scorer recorded from then on (replaceHistory.lua). False when the store does not hold the partner.
   */
  async replaceHistory(
    partnerId: string,
    cutAt: number,
    rebuilt: readonly { designationId: string; snapshots: Buffer; events: Buffer }[],
  ): Promise<boolean> {
    const args = rebuilt.flatMap((d) => [d.designationId, d.snapshots, d.events]);
    const replaced = await this.redis.replaceHistory(
      this.keys.partnerState(partnerId),
      String(monthIndexOf(cutAt)),
      String(cutAt),
      ...args,
    );
    return replaced === 1;
  }
}
