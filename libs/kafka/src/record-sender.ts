import { type Producer, Partitioners } from 'kafkajs';
import { kafkajsOf } from './kafkajs-handle.js';
import type { KafkaClient } from './types.js';

/** A record as a test, a benchmark or a soak run produces it: any key, any value, even none. */
export interface RawRecord {
  topic: string;
  key: string | Buffer | null;
  value: string | Buffer | null;
  /** A fixed partition (else the default partitioner, murmur2 of the key). */
  partition?: number;
  /** Message timestamp, epoch milliseconds as a string (else the send instant). */
  timestamp?: string;
}

/** Where the first record of one topic-partition of a request landed. */
export interface PartitionAppend {
  topic: string;
  partition: number;
  baseOffset: string;
}

/** The messages of one request per topic, in the order given (per key order is what matters). */
export function groupByTopic<M extends { topic: string }>(records: readonly M[]): Map<string, M[]> {
  const byTopic = new Map<string, M[]>();
  for (const r of records) {
    const list = byTopic.get(r.topic);
    if (list) list.push(r);
    else byTopic.set(r.topic, [r]);
  }
  return byTopic;
}

// One instance for the process: for a record without a key it takes the partitions in turn.
const partitioner = Partitioners.DefaultPartitioner();

/**
 * The partition the default partitioner (murmur2 of the key, as every upstream Java or kafkajs
 * client) gives `key` among `partitions`. For a giant key, pass a short stand-in: kafkajs's
 * murmur2 takes minutes on a key of hundreds of kilobytes.
 */
export function defaultPartition(key: string | Buffer | null, partitions: number): number {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionErrorCode: 0,
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    offlineReplicas: [],
  }));
  return partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
}

export interface RecordSenderOptions {
  /** 'all': every in-sync replica (tests, soak); 'leader': the partition leader only (throughput bench). */
  acks: 'all' | 'leader';
  /** Exactly once per partition, in order, one request in flight (offsets can be computed). */
  idempotent?: boolean;
}

/**
 * Sends lists of raw records, one request per send() (grouped by topic). Unlike EventProducer it
 * takes malformed keys and values as they are, and lets a caller keep several sends in flight.
 */
export class RecordSender {
  private readonly producer: Producer;

  constructor(
    kafka: KafkaClient,
    private readonly options: RecordSenderOptions,
  ) {
    this.producer = kafkajsOf(kafka).producer({
      allowAutoTopicCreation: false,
      // kafkajs requires unlimited retries for idempotence (as EventProducer); the cap is on time.
      ...(options.idempotent
        ? {
            idempotent: true,
            maxInFlightRequests: 1,
            retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 30_000 },
          }
        : {}),
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  async send(records: readonly RawRecord[]): Promise<PartitionAppend[]> {
    const results = await this.producer.sendBatch({
      acks: this.options.acks === 'all' ? -1 : 1,
      topicMessages: [...groupByTopic(records)].map(([topic, list]) => ({
        topic,
        messages: list.map(({ key, value, partition, timestamp }) => ({ key, value, partition, timestamp })),
      })),
    });
    return results.map((r) => ({
      topic: r.topicName,
      partition: r.partition,
      baseOffset: r.baseOffset ?? '-1',
    }));
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
