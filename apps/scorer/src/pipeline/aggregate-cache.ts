/** A partner's state as last committed by this process, decoded. */
export interface CachedPartner<A, M> {
  version: number;
  aggregate: A;
  meta: M;
  /** Size of the encoded aggregate: the cache's unit of account. */
  bytes: number;
  /**
   * Set once this process published and acknowledged every outbox entry of `version` and wrote
   * its timer (one unit's finish does both): until another writer moves the version, the stored
   * outbox is empty and the stored state is this one, so an update may skip reading the partner
   * and let the commit's version guard check it, and skip the timer write when `next` stays.
   */
  outboxClean?: boolean;
}

/**
 * Decoded aggregates of the partners this process wrote last, keyed by the version it committed.
 * Decoding (inflate + JSON.parse) every partner on every batch dominated the scorer's profile;
 * with the cache a batch only reads the partner's version, and decodes when another writer
 * (a second instance around a rebalance) moved it. An entry is taken out while in use (the
 * aggregate is mutated in place) and put back only after a successful commit, so a failed or
 * conflicting commit can never leave a half-applied aggregate behind. Least recently used
 * entries go first once the encoded bytes exceed the budget.
 */
export class AggregateCache<A, M> {
  private readonly entries = new Map<string, CachedPartner<A, M>>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  version(partnerId: string): number {
    return this.entries.get(partnerId)?.version ?? 0;
  }

  /** True when the entry's outbox is known empty (see CachedPartner.outboxClean). */
  isOutboxClean(partnerId: string): boolean {
    return this.entries.get(partnerId)?.outboxClean === true;
  }

  /** Records that every outbox entry of `version` was published and acknowledged. */
  markOutboxClean(partnerId: string, version: number): void {
    const entry = this.entries.get(partnerId);
    if (entry && entry.version === version) entry.outboxClean = true;
  }

  /** Removes and returns the entry if it holds `version`; a stale entry is dropped. */
  take(partnerId: string, version: number): CachedPartner<A, M> | undefined {
    const entry = this.entries.get(partnerId);
    if (!entry) return undefined;
    this.delete(partnerId, entry);
    return entry.version === version ? entry : undefined;
  }

  put(partnerId: string, entry: CachedPartner<A, M>): void {
    const old = this.entries.get(partnerId);
    if (old) this.delete(partnerId, old);
    this.entries.set(partnerId, entry);
    this.bytes += entry.bytes;
    for (const [id, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.delete(id, e);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(partnerId: string, entry: CachedPartner<A, M>): void {
    this.entries.delete(partnerId);
    this.bytes -= entry.bytes;
  }
}
