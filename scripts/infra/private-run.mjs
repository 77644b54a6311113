// Kafka and Redis of one bench or soak run, and the built entry file run against them: the
// configured ones when KAFKA_BROKERS / REDIS_URL (or REDIS_CLUSTER_NODES) are set, else a private
// broker and redis-server on the run's own ports, stopped again when the run ends.
import { spawn } from 'node:child_process';
import { ROOT, startLocalKafka, stopLocalKafka, waitForKafka } from './kafka.mjs';
import { redisAnswers, startLocalRedis, stopLocalRedis } from './redis.mjs';

/**
 * Runs `main` (with `nodeArgs` and `args`) as a child with the run's KAFKA_BROKERS and REDIS_URL,
 * forwards SIGINT/SIGTERM to it as one SIGTERM, and stops the infrastructure it started once the
 * child has exited. `shareLocalRedis`: use 127.0.0.1:6379 when it answers rather than a private
 * server. `privateRedisArgs`: extra arguments for the child when its Redis is the private one.
 * Resolves with the child's exit code.
 */
export async function runWithPrivateInfra({
  name,
  kafkaPort,
  redisPort,
  shareLocalRedis = false,
  main,
  nodeArgs = [],
  args = [],
  privateRedisArgs = [],
}) {
  const log = (line) => process.stderr.write(`[${name}] ${line}\n`);
  const started = { kafka: false, redis: false };
  let child;
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log(`${signal}: stopping`);
      // The child stops its own scorers on SIGTERM; the infrastructure goes once it has exited.
      child?.kill('SIGTERM');
    });
  }
  try {
    let brokers = process.env.KAFKA_BROKERS;
    if (!brokers) {
      brokers = await startLocalKafka(kafkaPort, log);
      started.kafka = true;
    }
    await waitForKafka(brokers.split(','));
    let redisUrl = process.env.REDIS_URL;
    const clusterNodes = process.env.REDIS_CLUSTER_NODES;
    if (!redisUrl && !clusterNodes) {
      if (shareLocalRedis && (await redisAnswers('redis://127.0.0.1:6379'))) {
        redisUrl = 'redis://127.0.0.1:6379';
      } else {
        redisUrl = await startLocalRedis(redisPort, log);
        started.redis = true;
      }
    }
    log(`kafka ${brokers}, redis ${clusterNodes ? 'cluster (REDIS_CLUSTER_NODES)' : redisUrl}`);
    if (stopping) return 1;
    return await new Promise((resolve) => {
      child = spawn(
        process.execPath,
        [...nodeArgs, main, ...args, ...(started.redis ? privateRedisArgs : [])],
        {
          cwd: ROOT,
          stdio: 'inherit',
          env: {
            ...process.env,
            KAFKA_BROKERS: brokers,
            ...(clusterNodes ? {} : { REDIS_URL: redisUrl }),
            KAFKAJS_NO_PARTITIONER_WARNING: '1',
          },
        },
      );
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } catch (error) {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  } finally {
    if (started.kafka) {
      await stopLocalKafka(kafkaPort).catch((e) => log(`could not stop kafka: ${e.message}`));
      log(`stopped the private Kafka broker on ${kafkaPort}`);
    }
    if (started.redis) {
      stopLocalRedis(redisPort);
      log(`stopped the private redis-server on ${redisPort}`);
    }
  }
}
