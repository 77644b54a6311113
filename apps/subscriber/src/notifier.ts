import { DesignationEvent } from '@app/contracts';
import type { ConsumedRecord, PartitionBatch } from '@app/kafka';
import type { DeliveryLog } from './delivery-log.js';
import type { SubscriberSettings } from './settings.js';
import { backoffMs, postEvent, sleep } from './webhook.js';

export type Log = (line: string) => void;

/** Counters for the log line at shutdown (and for anyone who wants to export them). */
export interface NotifierStats {
  delivered: number;
  duplicates: number;
  refused: number;
  malformed: number;
  retries: number;
}

/**
 * The webhook notifier's batch handler: for each designation event of a partition batch, in
 * offset order (= per-partner order), skip it if its eventId was delivered already, else POST it
 * until the webhook accepts it, then remember the eventId. The consumer commits the batch's
 * offset only up to the records marked processed, so an event is never committed before it was
 * delivered.
 */
export class WebhookNotifier {
  readonly stats: NotifierStats = { delivered: 0, duplicates: 0, refused: 0, malformed: 0, retries: 0 };

  constructor(
    private readonly settings: SubscriberSettings,
    private readonly deliveries: DeliveryLog,
    private readonly stopping: AbortSignal,
    private readonly log: Log,
  ) {}

  async handle(batch: PartitionBatch): Promise<void> {
    for (const record of batch.records) {
      // Revoked or stopping: what is marked gets committed, the rest is redelivered (and de-duplicated).
      if (!batch.isActive() || batch.isStopping() || this.stopping.aborted) return;
      if (!(await this.deliver(record, batch))) return;
      batch.markProcessed(record.offset);
    }
  }

  /** True once the record needs no more work (delivered, duplicate, refused, malformed). */
  private async deliver(record: ConsumedRecord, batch: PartitionBatch): Promise<boolean> {
    const where = `${record.topic}/${record.partition}@${record.offset}`;
    const body = record.value?.toString('utf8') ?? '';
    let event: DesignationEvent;
    try {
      const parsed = DesignationEvent.safeParse(JSON.parse(body));
      if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      event = parsed.data;
    } catch (error) {
      // Not a designation event of the contract: nothing to notify; skipped so it cannot stall the partition.
      this.stats.malformed++;
      this.log(`skipped ${where}: not a designation event (${(error as Error).message})`);
      return true;
    }
    if (await this.deliveries.wasDelivered(event.eventId)) {
      this.stats.duplicates++;
      this.log(`duplicate ${event.eventId} (${where}): delivered before, skipped`);
      return true;
    }
    for (let attempt = 1; ; attempt++) {
      const result = await postEvent(this.settings.webhookUrl, event.eventId, body, this.settings.timeoutMs);
      if (result.ok) {
        await this.deliveries.markDelivered(event.eventId);
        this.stats.delivered++;
        this.log(`delivered ${event.eventId} ${event.type} ${event.partnerId}/${event.designationId} (${where}, attempt ${attempt}, HTTP ${result.status})`);
        return true;
      }
      if (!result.retriable) {
        // The receiver refuses this payload; retrying cannot change that, and blocking would hold
        // back every later event of the partition. Logged loudly for an operator.
        this.stats.refused++;
        this.log(`REFUSED ${event.eventId} (${where}): ${result.reason}; not retried`);
        return true;
      }
      this.stats.retries++;
      const wait = backoffMs(attempt, this.settings.retry.initialMs, this.settings.retry.maxMs);
      this.log(`attempt ${attempt} for ${event.eventId} failed (${result.reason}); retrying in ${wait} ms`);
      if (!(await this.waitInGroup(wait, batch)) || !batch.isActive() || batch.isStopping()) {
        this.log(`stopped while retrying ${event.eventId}: left uncommitted for the next run`);
        return false;
      }
    }
  }

  /**
   * Waits `ms` (false when stopping), heartbeating every second: a retry wait (up to
   * SUBSCRIBER_RETRY_MAX_MS) must not outlast the consumer group's session timeout (6 s by
   * default), or every slow receiver would make the group rebalance.
   */
  private async waitInGroup(ms: number, batch: { heartbeat(): Promise<void> }): Promise<boolean> {
    for (let left = ms; left > 0; left -= 1000) {
      await batch.heartbeat().catch(() => undefined);
      if (!(await sleep(Math.min(1000, left), this.stopping))) return false;
    }
    return true;
  }
}
