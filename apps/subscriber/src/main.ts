import { ConfigError, loadConfig } from '@app/config';
import { assertTopicsExist, BatchConsumer, createKafka } from '@app/kafka';
import { connectRedis, createRedis } from '@app/redis';
import { DeliveryLog } from './delivery-log.js';
import { type Log, WebhookNotifier } from './notifier.js';
import { parseSubscriberSettings, SubscriberSettingsError } from './settings.js';

const log: Log = (line) => void process.stderr.write(`capscore subscriber: ${line}\n`);

let settings;
let config;
try {
  config = loadConfig();
  settings = parseSubscriberSettings(process.env);
} catch (error) {
  if (error instanceof ConfigError || error instanceof SubscriberSettingsError) {
    log(error.message);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

const kafka = createKafka(config.kafka);
const redis = createRedis(config.redis);
const stopping = new AbortController();
const notifier = new WebhookNotifier(settings, new DeliveryLog(redis, settings.keyPrefix, settings.dedupeTtlSeconds), stopping.signal, log);
const consumer = new BatchConsumer(kafka, {
  groupId: settings.groupId,
  topics: [config.topics.designations],
  fromBeginning: settings.fromBeginning,
  sessionTimeoutMs: config.kafka.sessionTimeoutMs,
  onCrash: (error) => {
    log(`consumer crashed: ${error.message}`);
    void shutdown(1);
  },
});

let shuttingDown = false;
async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  stopping.abort();
  await consumer.stop().catch((e: Error) => log(`stopping the consumer: ${e.message}`));
  await redis.quit().catch(() => undefined);
  const s = notifier.stats;
  log(`stopped: ${s.delivered} delivered, ${s.duplicates} duplicates skipped, ${s.retries} retries, ${s.refused} refused, ${s.malformed} malformed`);
  process.exit(code);
}
process.once('SIGTERM', () => void shutdown(0));
process.once('SIGINT', () => void shutdown(0));

try {
  await connectRedis(redis);
  await assertTopicsExist(kafka, [config.topics.designations]);
  await consumer.start((batch) => notifier.handle(batch));
  log(`consuming ${config.topics.designations} as group ${settings.groupId}; delivering to ${new URL(settings.webhookUrl).origin}`);
} catch (error) {
  log(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await shutdown(1);
}
