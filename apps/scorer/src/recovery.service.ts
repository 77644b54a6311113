import { Injectable, Logger } from '@nestjs/common';
import { PartnerStore } from '@app/redis';
import { OutboxPublisher } from './pipeline/outbox-publisher.js';

/**
 * At start-up, publishes outbox entries that a crashed instance committed but never published.
 * Batches that are redelivered would flush them too; this covers partners no batch touches
 * again (timer evaluations, or a crash after the last offset was committed elsewhere).
 */
@Injectable()
export class RecoveryService {
  private readonly logger = new Logger(RecoveryService.name);

  constructor(
    private readonly store: PartnerStore,
    private readonly publisher: OutboxPublisher,
  ) {}

  async publishPendingOutboxes(): Promise<number> {
    const partnerIds = await this.store.partnersWithPendingOutbox();
    if (partnerIds.length === 0) return 0;
    await this.publisher.connect();
    let published = 0;
    for (let i = 0; i < partnerIds.length; i += 500) {
      const slice = partnerIds.slice(i, i + 500);
      const pending = await this.store.pendingOutboxes(slice);
      const outboxes = slice.map((partnerId) => ({ partnerId, entries: pending.get(partnerId) ?? [] }));
      await this.publisher.publish(outboxes);
      published += outboxes.reduce((n, o) => n + o.entries.length, 0);
    }
    this.logger.log(
      `published ${published} pending outbox entr(ies) of ${partnerIds.length} partner(s) left by an earlier run`,
    );
    return published;
  }
}
