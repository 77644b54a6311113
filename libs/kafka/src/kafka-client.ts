import { Kafka, type logCreator, logLevel } from 'kafkajs';
import type { KafkaClientSettings, KafkaConnectionOptions } from './types.js';

// kafkajs >= 2 prints a partitioner notice on every producer; capscore keys every message by
// partnerId and relies on the default (murmur2) partitioner, so the notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/**
 * kafkajs's console logger (the same JSON lines) without the `stack` field it adds to connection
 * errors: during a broker outage every reconnect attempt would print a stack trace, which tells a
 * log reader the code's layout and an operator nothing the message does not.
 */
const logWithoutStacks: logCreator =
  () =>
  ({ namespace, level, label, log }) => {
    const fields: Record<string, unknown> = { level: label, ...log, message: `${namespace ? `[${namespace}] ` : ''}${log.message}` };
    delete fields.stack;
    const line = JSON.stringify(fields);
    if (level === logLevel.ERROR) console.error(line);
    else if (level === logLevel.WARN) console.warn(line);
    else console.log(line);
  };

/**
 * Connection settings in the client's own terms, for a framework that builds the client itself
 * (the example subscriber's NestJS Kafka transport). Plain data: no client type leaves this lib.
 */
export function kafkaClientSettings(options: KafkaConnectionOptions): KafkaClientSettings {
  return {
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.ssl,
    ...(options.sasl ? { sasl: { mechanism: options.sasl.mechanism, username: options.sasl.username, password: options.sasl.password } } : {}),
    // Retries inside kafkajs cover broker hiccups; longer outages are handled by the callers'
    // own retry loops, which keep offsets uncommitted until the work is durable.
    retry: { initialRetryTime: 200, retries: 8 },
  };
}

export function createKafka(options: KafkaConnectionOptions): Kafka {
  // `silent`: a test or benchmark client whose reconnect warnings would drown what it reports.
  return new Kafka({ ...kafkaClientSettings(options), logLevel: options.silent ? logLevel.NOTHING : logLevel.WARN, logCreator: logWithoutStacks });
}
