import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { KafkaConnectionOptions } from './types.js';

// kafkajs >= 2 prints a partitioner notice on every producer; capscore keys every message by
// partnerId and relies on the default (murmur2) partitioner, so the notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export function createKafka(options: KafkaConnectionOptions): Kafka {
  const sasl: SASLOptions | undefined = options.sasl
    ? ({ mechanism: options.sasl.mechanism, username: options.sasl.username, password: options.sasl.password })
    : undefined;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.ssl,
    sasl,
    logLevel: logLevel.WARN,
    // Retries inside kafkajs cover broker hiccups; longer outages are handled by the callers'
    // own retry loops, which keep offsets uncommitted until the work is durable.
    retry: { initialRetryTime: 200, retries: 8 },
  });
}
