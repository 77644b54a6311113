/**
 * Group commit for partition chunks. kafkajs hands every partition of a fetch to its own handler
 * concurrently; processed one by one, a partner with events in several topics (or an event or
 * two in each of many chunks) was loaded, scored, encoded and written once per chunk. The
 * coalescer runs one unit at a time and makes the next unit of everything that queued up while
 * the previous one ran (up to `maxRecords`), so under a backlog a partner is scored once per
 * unit, across partitions and topics, and an idle pipeline still starts on a lone chunk at once.
 *
 * Each submitter learns the outcome of the unit its chunk was in: a failed unit rejects every
 * chunk in it, and each submitter retries (or gives up on a revoked partition) on its own.
 *
 * A unit may hand off before it settles (`handOff`, called by the processor once its CPU work is
 * done and only its publish is left to wait for): the next unit then starts while the previous
 * one waits for Kafka and Redis, so the core is not idle during the publish. At most
 * UNITS_IN_FLIGHT units are unsettled at once; units that share partners are kept in order by the
 * processor's partner locks, not here.
 */
// One unit scoring while the one before it publishes: more would only hold more records in memory.
const UNITS_IN_FLIGHT = 2;

export class ChunkCoalescer<C extends { records: readonly unknown[] }> {
  private readonly queue: { chunk: C; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private draining = false;
  private inFlight = 0;
  private readonly settleWaiters: (() => void)[] = [];

  /**
   * @param affinity chunks with the same key share partners (the same partition of co-partitioned
   *   topics); a unit is filled with the oldest chunk's kin first, so a partner's events from
   *   all topics meet in one unit instead of being spread over several.
   */
  constructor(
    private readonly processUnit: (chunks: C[], handOff: () => void) => Promise<void>,
    private readonly maxRecords: number,
    private readonly affinity: (chunk: C) => string | number = () => 0,
  ) {}

  /** Resolves once the unit holding `chunk` is durable; rejects with that unit's error. */
  submit(chunk: C): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ chunk, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // One macrotask later, so the handlers kafkajs starts together land in the first unit.
        setImmediate(() => void this.drain());
      }
    });
  }

  /** Chunks waiting for a unit (for tests and metrics). */
  get waiting(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        if (this.inFlight >= UNITS_IN_FLIGHT) {
          await new Promise<void>((resolve) => this.settleWaiters.push(resolve));
          continue;
        }
        const unit = this.takeUnit();
        this.inFlight++;
        let handOff!: () => void;
        const handedOff = new Promise<void>((resolve) => (handOff = resolve));
        void this.processUnit(
          unit.map((u) => u.chunk),
          handOff,
        ).then(
          () => this.settle(unit, null, handOff),
          (error: unknown) => this.settle(unit, { error }, handOff),
        );
        await handedOff;
      }
    } finally {
      this.draining = false;
    }
  }

  private settle(unit: typeof this.queue, failure: { error: unknown } | null, handOff: () => void): void {
    this.inFlight--;
    for (const u of unit) {
      if (failure) u.reject(failure.error);
      else u.resolve();
    }
    // A unit that settles without handing off (a failure, or a processor that never does) frees the loop too.
    handOff();
    this.settleWaiters.splice(0).forEach((wake) => wake());
  }

  /**
   * The oldest chunk, then its kin (same affinity) in queue order, then the other chunks in queue
   * order, as many as fit in maxRecords; always at least one chunk.
   */
  private takeUnit(): typeof this.queue {
    const first = this.queue[0];
    if (!first) return [];
    const key = this.affinity(first.chunk);
    const isKin = (item: (typeof this.queue)[number]) => this.affinity(item.chunk) === key;
    const kinFirst = [...this.queue.filter(isKin), ...this.queue.filter((item) => !isKin(item))];
    const taken = new Set<(typeof this.queue)[number]>();
    let records = 0;
    for (const item of kinFirst) {
      if (taken.size > 0 && records + item.chunk.records.length > this.maxRecords) continue;
      records += item.chunk.records.length;
      taken.add(item);
    }
    const unit = this.queue.filter((item) => taken.has(item));
    this.queue.splice(0, this.queue.length, ...this.queue.filter((item) => !taken.has(item)));
    return unit;
  }
}
