// One place that decides where Kafka and Redis come from, for `npm start`, `npm run infra`
// and the integration tests. Order (issue #2): configured > docker compose > local processes.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeDown, composeUp, dockerAnswers } from './docker.mjs';
import { ensureTopics, ROOT, startLocalKafka, stopLocalKafka, topicNames, waitForKafka } from './kafka.mjs';
import { redisAnswers, startLocalRedis, stopLocalRedis } from './redis.mjs';

/** dev = `npm start`; test = `npm test`. Distinct ports so both can run side by side. */
// CAPSCORE_TEST_KAFKA_PORT lets two test runs (e.g. two checkouts) share a machine.
export const PROFILES = {
  dev: { kafkaPort: 19092, redisPort: 16379 },
  test: { kafkaPort: Number(process.env.CAPSCORE_TEST_KAFKA_PORT || 29092), redisPort: 26379 },
};

const stateFile = (profile) => join(ROOT, '.run', `infra-${profile}-${PROFILES[profile].kafkaPort}.json`);

export async function up(profile, { log = console.error, partitions } = {}) {
  const { kafkaPort, redisPort } = PROFILES[profile];
  const state = { profile, started: {} };
  const useDocker = !process.env.KAFKA_BROKERS || !process.env.REDIS_URL ? await dockerAnswers() : false;

  let brokers;
  if (process.env.KAFKA_BROKERS) {
    brokers = process.env.KAFKA_BROKERS.split(',').map((b) => b.trim());
    log(`kafka: using KAFKA_BROKERS=${brokers.join(',')}`);
  } else if (useDocker) {
    log('kafka: starting docker compose service "kafka"...');
    await composeUp(['kafka']);
    state.started.compose = true;
    brokers = ['127.0.0.1:19092'];
  } else {
    brokers = [await startLocalKafka(kafkaPort, log)];
    state.started.kafkaPort = kafkaPort;
  }
  saveState(profile, state);
  await waitForKafka(brokers);

  let redisUrl;
  if (process.env.REDIS_URL) {
    redisUrl = process.env.REDIS_URL;
    log(`redis: using REDIS_URL=${redisUrl}`);
  } else if (await redisAnswers('redis://127.0.0.1:6379')) {
    redisUrl = 'redis://127.0.0.1:6379';
    log('redis: using the server already answering on 127.0.0.1:6379');
  } else if (useDocker) {
    await composeUp(['redis']);
    state.started.compose = true;
    redisUrl = 'redis://127.0.0.1:6379';
  } else {
    redisUrl = await startLocalRedis(redisPort, log);
    state.started.redisPort = redisPort;
  }
  saveState(profile, state);

  const parts = partitions ?? Number(process.env.KAFKA_PARTITIONS || 4);
  const created = await ensureTopics(brokers, topicNames(), parts);
  if (created.length > 0) log(`kafka: created ${created.length} topics with ${parts} partitions`);
  return { brokers, redisUrl };
}

function saveState(profile, state) {
  mkdirSync(join(ROOT, '.run'), { recursive: true });
  writeFileSync(stateFile(profile), JSON.stringify(state));
}

/** Stops what `up` started for this profile (and nothing it merely found running). */
export async function down(profile, { log = console.error } = {}) {
  const file = stateFile(profile);
  if (!existsSync(file)) return;
  const { started } = JSON.parse(readFileSync(file, 'utf8'));
  if (started.kafkaPort) {
    await stopLocalKafka(started.kafkaPort);
    log(`kafka: stopped the local broker on port ${started.kafkaPort}`);
  }
  if (started.redisPort && stopLocalRedis(started.redisPort)) log(`redis: stopped the private server on port ${started.redisPort}`);
  if (started.compose) await composeDown();
  rmSync(file, { force: true });
}

export function status(profile) {
  const file = stateFile(profile);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}
