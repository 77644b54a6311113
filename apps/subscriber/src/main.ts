import 'reflect-metadata';
import { type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { type CapscoreConfig, ConfigError, loadConfig } from '@app/config';
import { assertTopicsExist, createKafka, kafkaClientSettings } from '@app/kafka';
import { createLogger, type Logger as PinoLogger } from '@app/logging';
import { connectRedis, createRedis } from '@app/redis';
import { useDesignationsTopic } from './designations-topic.js';
import { type Log, WebhookNotifier } from './notifier.js';
import { parseSubscriberSettings, type SubscriberSettings, SubscriberSettingsError } from './settings.js';

/**
 * The example subscriber: a NestJS microservice on @nestjs/microservices' Kafka transport that
 * forwards every designation event to a webhook, at least once and never twice (docs/subscribers.md).
 */
// Until the configuration is valid there is no logger to configure: a plain stderr line.
const toStderr = (line: string) => void process.stderr.write(`capscore subscriber: ${line}\n`);
let log: Log = { info: toStderr, warn: toStderr };

let settings: SubscriberSettings;
let processLogger: PinoLogger;
let config: CapscoreConfig;
try {
  config = loadConfig();
  settings = parseSubscriberSettings(process.env);
  // The same format as the Nest lines (LOG_FORMAT, LOG_LEVEL): one pino logger of the process's own.
  processLogger = createLogger({ app: 'subscriber', level: config.logLevel, format: config.logFormat });
  const notifierLog = processLogger.child({ context: 'notifier' });
  log = { info: (line) => notifierLog.info(line), warn: (line) => notifierLog.warn(line) };
} catch (error) {
  if (error instanceof ConfigError || error instanceof SubscriberSettingsError) {
    log.warn(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const redis = createRedis(config.redis);
const stopping = new AbortController();
let app: INestMicroservice | undefined;

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  // A delivery being retried gives up first (its record stays uncommitted), then the consumer leaves.
  stopping.abort();
  await app?.close().catch((e: Error) => log.warn(`stopping the consumer: ${e.message}`));
  await redis.quit().catch(() => undefined);
  const s = app?.get(WebhookNotifier).stats;
  if (s) {
    log.info(
      `stopped: ${s.delivered} delivered, ${s.duplicates} duplicates skipped, ${s.retries} retries, ${s.refused} refused, ${s.malformed} malformed`,
    );
  }
  process.exit(code);
}
process.once('SIGTERM', () => void shutdown(0));
process.once('SIGINT', () => void shutdown(0));

try {
  await connectRedis(redis);
  const kafka = createKafka(config.kafka, processLogger);
  await assertTopicsExist(kafka, [config.topics.designations]);
  useDesignationsTopic(config.topics.designations);
  const { SubscriberModule } = await import('./subscriber.module.js');
  app = await NestFactory.createMicroservice<MicroserviceOptions>(
    SubscriberModule.register(settings, redis, stopping.signal, log),
    {
      bufferLogs: true,
      transport: Transport.KAFKA,
      options: {
        client: kafkaClientSettings(config.kafka),
        // The group id as configured: no '-server' suffix, so operators find the group they named.
        postfixId: '',
        consumer: { groupId: settings.groupId, sessionTimeout: config.kafka.sessionTimeoutMs },
        subscribe: { fromBeginning: settings.fromBeginning },
        // Offsets are committed by the handler after delivery; partitions are handled side by side,
        // so a webhook retrying one partner's event holds back only that partition.
        run: { autoCommit: false, partitionsConsumedConcurrently: 16 },
        // The record's bytes reach the handler untouched (forwarded as the webhook body).
        parser: { keepBinary: true },
      },
    },
  );
  app.useLogger(app.get(Logger));
  await app.listen();
  log.info(
    `consuming ${config.topics.designations} as group ${settings.groupId}; delivering to ${new URL(settings.webhookUrl).origin}`,
  );
} catch (error) {
  log.warn(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await shutdown(1);
}
