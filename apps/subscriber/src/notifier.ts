import { DesignationEvent } from '@app/contracts';
import type { DeliveryLog } from './delivery-log.js';
import type { SubscriberSettings } from './settings.js';
import { backoffMs, postEvent, sleep } from './webhook.js';

/** Where the notifier's lines go: warnings for what an operator may have to act on. */
export interface Log {
  info(line: string): void;
  warn(line: string): void;
}

/** Counters for the log line at shutdown (and for anyone who wants to export them). */
export interface NotifierStats {
  delivered: number;
  duplicates: number;
  refused: number;
  malformed: number;
  retries: number;
}

/** One record of the designations topic, as the notifier needs it. */
export interface DesignationRecord {
  /** topic/partition@offset, for the log. */
  where: string;
  /** The record value: the event as published, forwarded byte for byte. */
  body: string;
}

/**
 * Delivers one designation event: skips it if its eventId was delivered already, else POSTs it
 * until the webhook accepts it, then remembers the eventId. The caller commits the record's
 * offset only when this says the record needs no more work, so an event is never committed
 * before it was delivered; records come in offset order per partition (= per-partner order).
 */
export class WebhookNotifier {
  readonly stats: NotifierStats = { delivered: 0, duplicates: 0, refused: 0, malformed: 0, retries: 0 };

  constructor(
    private readonly settings: SubscriberSettings,
    private readonly deliveries: DeliveryLog,
    private readonly stopping: AbortSignal,
    private readonly log: Log,
  ) {}

  /**
   * True once the record needs no more work (delivered, duplicate, refused, malformed); false
   * when the subscriber stopped first (left uncommitted, redelivered and de-duplicated later).
   * `heartbeat` keeps the consumer in its group while a delivery is retried.
   */
  async deliver({ where, body }: DesignationRecord, heartbeat: () => Promise<void>): Promise<boolean> {
    if (this.stopping.aborted) return false;
    let event: DesignationEvent;
    try {
      const parsed = DesignationEvent.safeParse(JSON.parse(body));
      if (!parsed.success) {
        throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      event = parsed.data;
    } catch (error) {
      // Not a designation event of the contract: nothing to notify; skipped so it cannot stall the partition.
      this.stats.malformed++;
      this.log.warn(`skipped ${where}: not a designation event (${(error as Error).message})`);
      return true;
    }
    if (await this.deliveries.wasDelivered(event.eventId)) {
      this.stats.duplicates++;
      this.log.info(`duplicate ${event.eventId} (${where}): delivered before, skipped`);
      return true;
    }
    for (let attempt = 1; ; attempt++) {
      const result = await postEvent(this.settings.webhookUrl, event.eventId, body, this.settings.timeoutMs);
      if (result.ok) {
        await this.deliveries.markDelivered(event.eventId);
        this.stats.delivered++;
        this.log.info(
          `delivered ${event.eventId} ${event.type} ${event.partnerId}/${event.designationId} (${where}, attempt ${attempt}, HTTP ${result.status})`,
        );
        return true;
      }
      if (!result.retriable) {
        // The receiver refuses this payload; retrying cannot change that, and blocking would hold
        // back every later event of the partition. Logged loudly for an operator.
        this.stats.refused++;
        this.log.warn(`REFUSED ${event.eventId} (${where}): ${result.reason}; not retried`);
        return true;
      }
      this.stats.retries++;
      const wait = backoffMs(attempt, this.settings.retry.initialMs, this.settings.retry.maxMs);
      this.log.warn(
        `attempt ${attempt} for ${event.eventId} failed (${result.reason}); retrying in ${wait} ms`,
      );
      if (!(await this.waitInGroup(wait, heartbeat))) {
        this.log.info(`stopped while retrying ${event.eventId}: left uncommitted for the next run`);
        return false;
      }
    }
  }

  /**
   * Waits `ms` (false when stopping), heartbeating every second: a retry wait (up to
   * SUBSCRIBER_RETRY_MAX_MS) must not outlast the consumer group's session timeout (6 s by
   * default), or every slow receiver would make the group rebalance.
   */
  private async waitInGroup(ms: number, heartbeat: () => Promise<void>): Promise<boolean> {
    for (let left = ms; left > 0; left -= 1000) {
      await heartbeat().catch(() => undefined);
      if (!(await sleep(Math.min(1000, left), this.stopping))) return false;
    }
    return true;
  }
}
