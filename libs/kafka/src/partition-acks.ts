import { Partitioners, type PartitionMetadata } from 'kafkajs';

/**
 * Which partitions of a send the brokers acknowledged. kafkajs 2.2.4 can resolve a multi-partition
 * `sendBatch` without sending some of it (tulios/kafkajs#1303, open): it remembers the brokers
 * that answered an earlier attempt and, on a retry, skips them even when the partitions of a
 * broker that died have moved to them since. The promise resolves with acknowledgements for the
 * partitions that were written only, so a send is complete when every partition it placed a
 * message on is among them.
 */

/** The murmur2 placement every Java-compatible client uses for a keyed message (kafkajs's default). */
const defaultPartitioner = Partitioners.DefaultPartitioner();

// Only the count matters for a keyed message; the leaders are kafkajs's business.
const metadataOf = (count: number): PartitionMetadata[] =>
  Array.from({ length: count }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [],
    isr: [],
    offlineReplicas: [],
  }));

export function partitionOf(topic: string, key: string, partitionCount: number): number {
  return defaultPartitioner({
    topic,
    partitionMetadata: metadataOf(partitionCount),
    message: { key, value: null },
  });
}

export interface PartitionAck {
  topicName: string;
  partition: number;
  errorCode: number;
}

/** The messages whose partition has no error-free acknowledgement in `acks`. */
export function unacknowledged<M extends { topic: string; partition: number }>(
  sent: readonly M[],
  acks: readonly PartitionAck[],
): M[] {
  const acknowledged = new Set(
    acks.filter((a) => a.errorCode === 0).map((a) => `${a.topicName}\u0000${a.partition}`),
  );
  return sent.filter((m) => !acknowledged.has(`${m.topic}\u0000${m.partition}`));
}

/** `topic[partition]` of each distinct partition of `messages`, for logs and errors. */
export function partitionNames(messages: readonly { topic: string; partition: number }[]): string[] {
  return [...new Set(messages.map((m) => `${m.topic}[${m.partition}]`))];
}

/**
 * A send whose partitions stayed unacknowledged after every re-send: transient (the partitions'
 * leaders are moving), so the caller retries the whole unit and commits no offset meanwhile.
 */
export class PartialSendError extends Error {
  constructor(readonly partitions: string[]) {
    super(`Kafka acknowledged a send without ${partitions.join(', ')}`);
    this.name = 'KafkaPartialSendError';
  }
}
