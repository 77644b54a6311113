// Kafka for local runs and tests: KAFKA_BROKERS when set, else a single-node KRaft broker
// started from Maven Central jars by scripts/kafka/kafka-local.sh (no Docker needed).
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;
const run = promisify(execFile);
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'kafka', 'kafka-local.sh');

export const TOPIC_ENV = {
  certifications: ['TOPIC_CERTIFICATIONS', 'capscore.certifications.v1'],
  revenue: ['TOPIC_REVENUE', 'capscore.revenue.v1'],
  customerSuccess: ['TOPIC_CUSTOMER_SUCCESS', 'capscore.customer-success.v1'],
  designations: ['TOPIC_DESIGNATIONS', 'capscore.designations.v1'],
  scores: ['TOPIC_SCORES', 'capscore.scores.v1'],
  dlq: ['TOPIC_DLQ', 'capscore.dlq.v1'],
};

export function topicNames(env = process.env) {
  return Object.fromEntries(Object.entries(TOPIC_ENV).map(([role, [v, d]]) => [role, env[v] || d]));
}

/** Starts the local broker on `port` (fresh cluster) and returns its bootstrap address. */
export async function startLocalKafka(port, log = console.error) {
  log(`starting a local Kafka broker on 127.0.0.1:${port} (jars from Maven Central, cached after the first run)...`);
  try {
    const { stdout } = await run('bash', [SCRIPT, 'start'], {
      env: { ...process.env, KAFKA_PORT: String(port) },
      timeout: 15 * 60_000,
      maxBuffer: 32 * 1024 * 1024,
    });
    if (stdout.trim()) log(stdout.trim());
  } catch (error) {
    const detail = [error.stderr, error.stdout].filter(Boolean).join('\n').trim();
    throw new Error(`could not start the local Kafka broker on port ${port}:\n${detail || error.message}`, { cause: error });
  }
  return `127.0.0.1:${port}`;
}

export async function stopLocalKafka(port) {
  await run('bash', [SCRIPT, 'stop'], { env: { ...process.env, KAFKA_PORT: String(port) }, timeout: 60_000 });
}

export async function localKafkaRunning(port) {
  try {
    await run('bash', [SCRIPT, 'status'], { env: { ...process.env, KAFKA_PORT: String(port) } });
    return true;
  } catch {
    return false;
  }
}

function admin(brokers) {
  return new Kafka({ clientId: 'capscore-infra', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
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
      const producer = new Kafka({ clientId: 'capscore-infra', brokers, logLevel: logLevel.NOTHING }).producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.disconnect();
      return;
    } catch (error) {
      lastError = error;
      await a.disconnect().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(`Kafka at ${brokers.join(',')} is not ready after ${timeoutMs} ms: ${lastError?.message ?? lastError}`);
}

/**
 * Creates the topics of contracts.md that are missing. Inputs and outputs get `partitions`
 * partitions (keyed by partnerId, so that is the unit of parallelism); the score snapshot
 * topic is compacted because only the latest score per key matters.
 */
export async function ensureTopics(brokers, topics, partitions) {
  const a = new Kafka({ clientId: 'capscore-infra', brokers, logLevel: logLevel.NOTHING }).admin();
  await a.connect();
  try {
    const existing = new Set(await a.listTopics());
    const wanted = Object.entries(topics).filter(([, name]) => !existing.has(name));
    if (wanted.length > 0) {
      await a.createTopics({
        waitForLeaders: true,
        topics: wanted.map(([role, topic]) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
          configEntries: role === 'scores' ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
        })),
      });
    }
    return wanted.map(([, t]) => t);
  } finally {
    await a.disconnect();
  }
}
