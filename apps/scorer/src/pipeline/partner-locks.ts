/**
 * In-process exclusion per partner. Batches of the three input topics and the timer loop run
 * concurrently; two of them touching one partner at once would both see the other's committed
 * but unpublished outbox entries and publish them twice. Waiting is FIFO per partner, and since
 * every acquirer claims all its keys synchronously before waiting, no cycle (deadlock) can form.
 */
export class PartnerLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(partnerIds: Iterable<string>): Promise<() => void> {
    const keys = [...new Set(partnerIds)];
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const waits: Promise<void>[] = [];
    for (const key of keys) {
      const tail = this.tails.get(key);
      if (tail) waits.push(tail);
      this.tails.set(key, done);
    }
    await Promise.all(waits);
    return () => {
      release();
      for (const key of keys) if (this.tails.get(key) === done) this.tails.delete(key);
    };
  }

  get held(): number {
    return this.tails.size;
  }
}
