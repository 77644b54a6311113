// Kafka for local runs and tests: KAFKA_BROKERS when set, else a single-node KRaft broker
// started from Maven Central jars by scripts/kafka/kafka-local.sh (no Docker needed).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';
import DEFAULT_TOPICS from '../../libs/contracts/src/default-topics.json' with { type: 'json' };

const { Kafka, logLevel } = kafkajs;
const run = promisify(execFile);
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'kafka', 'kafka-local.sh');

// The defaults of libs/contracts; TOPIC_<ROLE> overrides one as in libs/config (customerSuccess:
// TOPIC_CUSTOMER_SUCCESS). This file runs unbuilt, so it reads the JSON rather than the libs.
export function topicNames(env = process.env) {
  const variable = (role) => `TOPIC_${role.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
  return Object.fromEntries(
    Object.entries(DEFAULT_TOPICS).map(([role, name]) => [role, env[variable(role)] || name]),
  );
}

/** Starts the local broker on `port` (fresh cluster) and returns its bootstrap address. */
export async function startLocalKafka(port, log = console.error) {
  log(
    `starting a local Kafka broker on 127.0.0.1:${port} (jars from Maven Central, cached after the first run)...`,
  );
  try {
    const { stdout } = await run('bash', [SCRIPT, 'start'], {
      env: { ...process.env, KAFKA_PORT: String(port) },
      timeout: 15 * 60_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    if (stdout.trim()) log(stdout.trim());
  } catch (error) {
    const detail = [error.stderr, error.stdout].filter(Boolean).join('\n').trim();
    throw new Error(`could not start the local Kafka broker on port ${port}:\n${detail || error.message}`, {
      cause: error,
    });
  }
  return `127.0.0.1:${port}`;
}

/**
 * Client ports of a local cluster of `count` KRaft nodes from `basePort`: node i listens on
 * basePort + 2i and runs its controller on basePort + 2i + 1.
 */
export function clusterPorts(basePort, count) {
  return Array.from({ length: count }, (_, i) => basePort + 2 * i);
}

/**
 * Starts `count` KRaft nodes (each broker and controller) as one cluster from the same jars as the
 * single broker (clusters.md measured this on the project's machine): one cluster id, every node
 * a voter, replication factor min(3, count) for the default and internal topics, and
 * min.insync.replicas 2 from three nodes up. Every node is launched before any is waited for: a
 * node serves only once a quorum of controllers runs. Returns the bootstrap addresses.
 */
export async function startLocalKafkaCluster(basePort, count, log = console.error) {
  const ports = clusterPorts(basePort, count);
  log(
    `starting a local ${count}-broker Kafka cluster on 127.0.0.1:${ports.join(',')} (jars from Maven Central, cached after the first run)...`,
  );
  const rf = Math.min(3, count);
  // The same shape as Kafka's Uuid.randomUuid(); a leading '-' would read as an option.
  const clusterId = `A${randomBytes(16).toString('base64url').slice(1, 22)}`;
  const voters = ports.map((p, i) => `${i + 1}@127.0.0.1:${p + 1}`).join(',');
  const envOf = (port, i) => ({
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_NODE_ID: String(i + 1),
    KAFKA_QUORUM_VOTERS: voters,
    KAFKA_CLUSTER_ID: clusterId,
    KAFKA_REPLICATION_FACTOR: String(rf),
    KAFKA_MIN_INSYNC_REPLICAS: String(rf >= 3 ? 2 : 1),
    // Three JVMs beside the apps and tests on a small machine (clusters.md: 512 MiB each fits).
    KAFKA_HEAP_OPTS: process.env.KAFKA_HEAP_OPTS || '-Xms256m -Xmx384m',
  });
  const script = async (command, port, i) => {
    try {
      return (
        await run('bash', [SCRIPT, command], {
          env: envOf(port, i),
          timeout: 15 * 60_000,
          maxBuffer: 32 * 1024 * 1024,
        })
      ).stdout.trim();
    } catch (error) {
      const detail = [error.stderr, error.stdout].filter(Boolean).join('\n').trim();
      throw new Error(
        `could not ${command} Kafka node ${i + 1} on port ${port}:\n${detail || error.message}`,
        { cause: error },
      );
    }
  };
  await run('bash', [SCRIPT, 'fetch'], { timeout: 15 * 60_000, maxBuffer: 32 * 1024 * 1024 });
  for (const [i, port] of ports.entries()) await script('launch', port, i);
  for (const [i, port] of ports.entries()) log(await script('wait', port, i));
  return ports.map((p) => `127.0.0.1:${p}`);
}

export async function stopLocalKafkaCluster(basePort, count) {
  for (const port of clusterPorts(basePort, count)) await stopLocalKafka(port);
}

export async function stopLocalKafka(port) {
  await run('bash', [SCRIPT, 'stop'], { env: { ...process.env, KAFKA_PORT: String(port) }, timeout: 60_000 });
}

function admin(brokers) {
  return new Kafka({
    clientId: 'capscore-infra',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).admin();
}

/** Ready = metadata answers and the group coordinator exists (FindCoordinator creates __consumer_offsets). */
export async function waitForKafka(brokers, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    const a = admin(brokers);
    try {
      await a.connect();
      await a.describeCluster();
      await a.describeGroups(['capscore-infra-warmup']);
      await a.disconnect();
      // An idempotent producer's first InitProducerId creates the transaction-state topic;
      // doing it here keeps "coordinator not available" noise out of the apps' logs.
      const producer = new Kafka({
        clientId: 'capscore-infra',
        brokers,
        logLevel: logLevel.NOTHING,
      }).producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.disconnect();
      return;
    } catch (error) {
      lastError = error;
      await a.disconnect().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(
    `Kafka at ${brokers.join(',')} is not ready after ${timeoutMs} ms: ${lastError?.message ?? lastError}`,
  );
}

/**
 * The replication settings of new topics on a cluster of `brokerCount` brokers: three replicas
 * and min.insync.replicas 2 where there are three brokers or more (with acks=all, a write
 * survives the loss of any one broker and is refused rather than kept on one disk alone);
 * otherwise as many replicas as brokers.
 */
export function replicationFor(brokerCount) {
  const replicationFactor = Math.max(1, Math.min(3, brokerCount));
  return { replicationFactor, minInsyncReplicas: replicationFactor >= 3 ? 2 : 1 };
}

/**
 * Creates the topics of contracts.md that are missing. Inputs and outputs get `partitions`
 * partitions (keyed by partnerId, so that is the unit of parallelism) and replicationFor()'s
 * replication; the score snapshot topic is compacted because only the latest score per key
 * matters.
 */
export async function ensureTopics(brokers, topics, partitions) {
  // On a fresh multi-broker cluster, waiting for the new topics' leaders can meet a broker whose
  // metadata has not caught up ("does not host this topic-partition"); the next attempt finds
  // the topics created and waits again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureTopicsOnce(brokers, topics, partitions);
    } catch (error) {
      if (attempt >= 10 || !/does not host this topic-partition/.test(String(error?.message))) throw error;
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
}

async function ensureTopicsOnce(brokers, topics, partitions) {
  const a = new Kafka({ clientId: 'capscore-infra', brokers, logLevel: logLevel.NOTHING }).admin();
  await a.connect();
  try {
    const existing = new Set(await a.listTopics());
    const wanted = Object.entries(topics).filter(([, name]) => !existing.has(name));
    if (wanted.length > 0) {
      const { replicationFactor, minInsyncReplicas } = replicationFor(
        (await a.describeCluster()).brokers.length,
      );
      await a.createTopics({
        waitForLeaders: true,
        topics: wanted.map(([role, topic]) => ({
          topic,
          numPartitions: partitions,
          replicationFactor,
          configEntries: [
            { name: 'min.insync.replicas', value: String(minInsyncReplicas) },
            ...(role === 'scores' ? [{ name: 'cleanup.policy', value: 'compact' }] : []),
          ],
        })),
      });
    }
    return wanted.map(([, t]) => t);
  } finally {
    await a.disconnect();
  }
}
