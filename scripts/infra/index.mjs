// One place that decides where Kafka and Redis come from, for `npm start`, `npm run infra`
// and the integration tests. Order: configured > testcontainers when a Docker engine answers >
// local processes (the decision itself: source.mjs).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeContainers, startKafkaContainer, startRedisContainer } from './containers.mjs';
import { dockerAnswers } from './docker.mjs';
import {
  ensureTopics,
  ROOT,
  startLocalKafka,
  startLocalKafkaCluster,
  stopLocalKafka,
  stopLocalKafkaCluster,
  topicNames,
  waitForKafka,
} from './kafka.mjs';
import { redisAnswers, startLocalRedis, stopLocalRedis } from './redis.mjs';
import { startLocalRedisCluster, stopLocalRedisCluster } from './redis-cluster.mjs';
import { dockerMatters, kafkaSource, redisSource } from './source.mjs';

/** dev = `npm start`; test = `npm test`. Distinct ports so both can run side by side. */
// CAPSCORE_TEST_KAFKA_PORT lets two test runs (e.g. two checkouts) share a machine.
// redisClusterPort: the first of six ports of the local Redis Cluster (`--redis-cluster`); each
// node's cluster bus is on its port + 10000 (dev 27100-27105, test 31200-31205).
// kafkaClusterPort: the first of the ports of a local multi-broker Kafka (`--brokers 3`): node i
// on kafkaClusterPort + 2i, its controller on the next port (dev 19300-19305, test 29300-29305).
export const PROFILES = {
  dev: { kafkaPort: 19092, redisPort: 16379, redisClusterPort: 17100, kafkaClusterPort: 19300 },
  test: {
    kafkaPort: Number(process.env.CAPSCORE_TEST_KAFKA_PORT || 29092),
    kafkaClusterPort: Number(process.env.CAPSCORE_TEST_KAFKA_CLUSTER_PORT || 29300),
    redisPort: 26379,
    redisClusterPort: Number(process.env.CAPSCORE_TEST_REDIS_CLUSTER_PORT || 21200),
  },
};

const stateFile = (profile) => join(ROOT, '.run', `infra-${profile}-${PROFILES[profile].kafkaPort}.json`);

/**
 * Brings up Kafka and Redis for `profile`. With `redisCluster` (or REDIS_CLUSTER_NODES set), Redis
 * is a cluster: the configured one, else three masters and three replicas started from
 * redis-server; the result then has `redisClusterNodes` instead of `redisUrl`. With `brokers` > 1
 * (and no KAFKA_BROKERS), Kafka is a local cluster of that many KRaft brokers, its topics
 * replicated (replication factor 3 and min.insync.replicas 2 from three brokers up).
 */
export async function up(
  profile,
  { log = console.error, partitions, redisCluster = false, brokers: brokerCount = 1 } = {},
) {
  const { kafkaPort, redisPort, redisClusterPort, kafkaClusterPort } = PROFILES[profile];
  if (!Number.isInteger(brokerCount) || brokerCount < 1 || brokerCount > 5) {
    throw new Error(`--brokers ${brokerCount}: expected 1 to 5`);
  }
  const state = { profile, started: {} };
  const env = process.env;
  // Only ask Docker (up to 5 s) when the answer changes anything.
  const docker = dockerMatters({ env, brokerCount, redisCluster }) ? await dockerAnswers() : false;
  const kafkaFrom = kafkaSource({ env, brokerCount, dockerAnswers: docker });
  const redisFrom = redisSource({ env, redisCluster, dockerAnswers: docker });

  let brokers;
  if (kafkaFrom === 'configured') {
    brokers = process.env.KAFKA_BROKERS.split(',').map((b) => b.trim());
    log(`kafka: using KAFKA_BROKERS=${brokers.join(',')}`);
  } else if (kafkaFrom === 'local-cluster') {
    // Recorded before starting: a start that fails half-way is still stopped by `down`.
    state.started.kafkaCluster = { port: kafkaClusterPort, count: brokerCount };
    saveState(profile, state);
    brokers = await startLocalKafkaCluster(kafkaClusterPort, brokerCount, log);
  } else if (kafkaFrom === 'container') {
    const kafka = await startKafkaContainer(log);
    state.started.containers = [...(state.started.containers ?? []), kafka.id];
    brokers = kafka.brokers;
  } else {
    brokers = [await startLocalKafka(kafkaPort, log)];
    state.started.kafkaPort = kafkaPort;
  }
  saveState(profile, state);
  await waitForKafka(brokers);

  let redisUrl;
  let redisClusterNodes;
  if (redisFrom === 'configured-cluster') {
    redisClusterNodes = process.env.REDIS_CLUSTER_NODES;
    log('redis: using the cluster in REDIS_CLUSTER_NODES');
  } else if (redisFrom === 'local-cluster') {
    // Recorded before starting: a start that fails half-way is still stopped by `down`.
    state.started.redisClusterPort = redisClusterPort;
    saveState(profile, state);
    redisClusterNodes = await startLocalRedisCluster(redisClusterPort, { log });
  } else if (redisFrom === 'configured') {
    redisUrl = process.env.REDIS_URL;
    log(`redis: using REDIS_URL=${redisUrl}`);
  } else if (redisFrom === 'container') {
    const redis = await startRedisContainer(log);
    state.started.containers = [...(state.started.containers ?? []), redis.id];
    redisUrl = redis.redisUrl;
  } else if (await redisAnswers('redis://127.0.0.1:6379')) {
    redisUrl = 'redis://127.0.0.1:6379';
    log('redis: using the server already answering on 127.0.0.1:6379');
  } else {
    redisUrl = await startLocalRedis(redisPort, log);
    state.started.redisPort = redisPort;
  }
  saveState(profile, state);

  const parts = partitions ?? Number(process.env.KAFKA_PARTITIONS || 4);
  const created = await ensureTopics(brokers, topicNames(), parts);
  if (created.length > 0) log(`kafka: created ${created.length} topics with ${parts} partitions`);
  return { brokers, redisUrl, redisClusterNodes };
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
  if (started.kafkaCluster) {
    await stopLocalKafkaCluster(started.kafkaCluster.port, started.kafkaCluster.count);
    log(
      `kafka: stopped the local ${started.kafkaCluster.count}-broker cluster from port ${started.kafkaCluster.port}`,
    );
  }
  if (started.redisPort && stopLocalRedis(started.redisPort)) {
    log(`redis: stopped the private server on port ${started.redisPort}`);
  }
  if (started.redisClusterPort) {
    const stopped = await stopLocalRedisCluster(started.redisClusterPort);
    log(
      `redis cluster: stopped ${stopped} node(s) on ports ${started.redisClusterPort}-${started.redisClusterPort + 5}`,
    );
  }
  if (started.containers) {
    await removeContainers(started.containers);
    log(`removed ${started.containers.length} container(s) started with testcontainers`);
  }
  rmSync(file, { force: true });
}

export function status(profile) {
  const file = stateFile(profile);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}
