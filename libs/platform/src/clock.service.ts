import { Inject, Injectable } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { ClockStore } from '@app/redis';
import { CONFIG } from './tokens.js';

/**
 * "Now" for the whole pipeline (contracts.md §5). With CAPSCORE_CLOCK the clock is fixed and
 * shared through Redis, so POST /admin/clock on the api moves every scorer instance too.
 */
@Injectable()
export class ClockService {
  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    private readonly store: ClockStore,
  ) {}

  get fixed(): boolean {
    return this.config.fixedClock !== undefined;
  }

  async init(): Promise<void> {
    if (this.config.fixedClock !== undefined) await this.store.advance(this.config.fixedClock);
  }

  async now(): Promise<number> {
    return this.store.now(this.config.fixedClock);
  }

  /** Moves the fixed clock forward; refuses on the system clock and backwards moves. */
  async advance(to: number): Promise<number> {
    if (!this.fixed) throw new Error('the clock is the system clock; start with CAPSCORE_CLOCK to fix it');
    const current = await this.now();
    if (to < current) {
      throw new RangeError(`the clock only moves forward (now ${new Date(current).toISOString()})`);
    }
    return this.store.advance(to);
  }
}
