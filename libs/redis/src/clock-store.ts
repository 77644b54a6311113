import type { RedisClient } from './connection.js';
import { RedisKeys } from './keys.js';

/**
 * The fixed clock lives in Redis so that the api (which moves it with POST /admin/clock) and
 * every scorer instance agree on "now" (contracts.md §5).
 */
export class ClockStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /**
   * The pipeline's now: the system clock, or with a fixed clock (CAPSCORE_CLOCK) the shared
   * clock, never before the configured instant.
   */
  async now(fixedClock: number | undefined): Promise<number> {
    if (fixedClock === undefined) return Date.now();
    return Math.max((await this.read()) ?? fixedClock, fixedClock);
  }

  async read(): Promise<number | null> {
    const value = await this.redis.get(this.keys.fixedClock());
    return value === null ? null : Number(value);
  }

  /** Sets the clock only forward (a lower value is ignored); returns the clock after the call. */
  async advance(to: number): Promise<number> {
    const result = await this.redis.advanceClock(this.keys.fixedClock(), String(to));
    return Number(result);
  }
}
