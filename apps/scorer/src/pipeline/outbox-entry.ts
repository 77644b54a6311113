import type { OutgoingMessage } from '@app/kafka';
import type { WorklistIndexChange } from '@app/scoring';

/**
 * What a partner's outbox holds: messages committed together with the state change that
 * caused them, published afterwards. Serialised once; the exact string is also what
 * ackOutbox compares, so it must never be re-serialised in between.
 */
export interface OutboxEntry {
  /** '' for an index-only entry (worklists): nothing is sent to Kafka for it. */
  topic: string;
  key: string;
  value: string;
  /** Set for designation events: lets the publisher keep the holder index in step. */
  designation?: { id: string; type: string; at: number };
  /**
   * Worklist index changes: the worklist indexes are global keys (another Cluster slot than the
   * partner), so they follow the committed state through the outbox, like the holder index:
   * applied (idempotently) before the entry is acknowledged, so a crash repeats, never loses them.
   */
  worklists?: WorklistIndexChange[];
}

/** An entry that only carries worklist index changes. */
export function worklistEntry(partnerId: string, changes: WorklistIndexChange[]): OutboxEntry {
  return { topic: '', key: partnerId, value: '', worklists: changes };
}

export function encodeOutboxEntry(entry: OutboxEntry): string {
  return JSON.stringify(entry);
}

export function decodeOutboxEntry(text: string): OutboxEntry {
  return JSON.parse(text) as OutboxEntry;
}

export function toMessage(entry: OutboxEntry): OutgoingMessage {
  return { topic: entry.topic, key: entry.key, value: entry.value };
}
