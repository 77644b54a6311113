import type { OutgoingMessage } from '@app/kafka';

/**
 * What a partner's outbox holds: messages committed together with the state change that
 * caused them, published afterwards. Serialised once; the exact string is also what
 * ackOutbox compares, so it must never be re-serialised in between.
 */
export interface OutboxEntry {
  topic: string;
  key: string;
  value: string;
  /** Set for designation events: lets the publisher keep the holder index in step. */
  designation?: { id: string; type: string; at: number };
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
