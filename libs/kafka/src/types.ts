/**
 * The small surface the rest of capscore sees of the Kafka client. kafkajs is in maintenance
 * mode (tulios/kafkajs#1603): everything kafkajs-specific stays inside libs/kafka, so swapping
 * the client means rewriting this lib only.
 */
/**
 * A connection to the Kafka cluster as the apps hold it: made by createKafka, handed to the lib's
 * producers, consumer and admin functions. Opaque: the client library behind it stays here.
 */
export interface KafkaClient {
  readonly clientId: string;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
}

export interface PartitionBatch {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
  /** Keeps group membership alive during long work; call between chunks. */
  heartbeat(): Promise<void>;
  /** False once the partition was revoked: the new owner re-applies it, stop and commit nothing. */
  isActive(): boolean;
  /** True once the consumer is shutting down: finish the chunk in hand, mark it, then return. */
  isStopping(): boolean;
  /** Records up to and including this offset are durably applied; their offset may be committed. */
  markProcessed(offset: string): void;
}

export type PartitionBatchHandler = (batch: PartitionBatch) => Promise<void>;

export interface OutgoingMessage {
  topic: string;
  key: string;
  value: string | Buffer;
  headers?: Record<string, string>;
}

/** Offsets of one partition: `low` is the first record kept, `high` the next offset to be written. */
export interface PartitionOffsets {
  partition: number;
  low: string;
  high: string;
}

export interface Assignment {
  /** topic -> partitions currently assigned to this member */
  [topic: string]: number[];
}

type SaslMechanism = 'scram-sha-256' | 'scram-sha-512' | 'plain';
/** One member per mechanism, as clients type it. */
export type SaslSettings = {
  [M in SaslMechanism]: { mechanism: M; username: string; password: string };
}[SaslMechanism];

/** What kafkaClientSettings hands to a framework's Kafka transport. */
export interface KafkaClientSettings {
  clientId: string;
  brokers: string[];
  ssl: boolean;
  sasl?: SaslSettings;
  retry: { initialRetryTime: number; retries: number };
}

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  ssl: boolean;
  sasl?: { mechanism: 'scram-sha-256' | 'scram-sha-512' | 'plain'; username: string; password: string };
  /** No client log at all (test and benchmark clients). */
  silent?: boolean;
}

/** Where the client's own log entries go: a pino logger fits (message last, fields first). */
export interface KafkaLog {
  error(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}
