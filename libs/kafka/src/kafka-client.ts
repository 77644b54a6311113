import { Kafka, type logCreator, logLevel } from 'kafkajs';
import { handleOf } from './kafkajs-handle.js';
import type { KafkaClient, KafkaClientSettings, KafkaConnectionOptions, KafkaLog } from './types.js';

// kafkajs >= 2 prints a partitioner notice on every producer; capscore keys every message by
// partnerId and relies on the default (murmur2) partitioner, so the notice is noise.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

/**
 * kafkajs's log entries as structured lines of the process's logger (`context: kafkajs`, the
 * client's namespace and fields), without the `stack` field kafkajs adds to connection errors:
 * during a broker outage every reconnect attempt would print a stack trace, which tells a log
 * reader the code's layout and an operator nothing the message does not.
 */
function routeTo(log: KafkaLog): logCreator {
  return () =>
    ({ namespace, level, log: entry }) => {
      const { message, stack: _stack, timestamp: _timestamp, logger: _logger, ...fields } = entry;
      const line = { context: 'kafkajs', namespace, ...fields };
      if (level === logLevel.ERROR) log.error(line, message);
      else if (level === logLevel.WARN) log.warn(line, message);
      else if (level === logLevel.INFO) log.info(line, message);
      else log.debug(line, message);
    };
}

/**
 * Connection settings in the client's own terms, for a framework that builds the client itself
 * (the example subscriber's NestJS Kafka transport). Plain data: no client type leaves this lib.
 */
export function kafkaClientSettings(options: KafkaConnectionOptions): KafkaClientSettings {
  return {
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.ssl,
    ...(options.sasl
      ? {
          sasl: {
            mechanism: options.sasl.mechanism,
            username: options.sasl.username,
            password: options.sasl.password,
          },
        }
      : {}),
    // Retries inside kafkajs cover broker hiccups; longer outages are handled by the callers'
    // own retry loops, which keep offsets uncommitted until the work is durable.
    retry: { initialRetryTime: 200, retries: 8 },
  };
}

/**
 * A client whose warnings and errors go to `log` (the process's pino logger: the same format
 * as every other line). kafkajs's info lines (joins, commits) stay off: a rebalance would
 * print dozens. `silent`: a test or benchmark client whose reconnect warnings would drown what it reports.
 */
export function createKafka(options: KafkaConnectionOptions, log: KafkaLog): KafkaClient {
  return handleOf(
    new Kafka({
      ...kafkaClientSettings(options),
      logLevel: options.silent ? logLevel.NOTHING : logLevel.WARN,
      logCreator: routeTo(log),
    }),
    options.clientId,
  );
}
