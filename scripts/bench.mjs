#!/usr/bin/env node
// `npm run bench -- [--events N] [--partners N] [--only throughput,latency,...]`: builds, brings up
// a private Kafka broker (its own port, so it never disturbs `npm start` or `npm test`), uses
// REDIS_URL or REDIS_CLUSTER_NODES / the Redis on 6379 / a private redis-server, runs the bench app, and stops what it
// started. The bench app writes its own keys under a private prefix and deletes them at the end.
import { spawn, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startLocalKafka, stopLocalKafka, waitForKafka } from './infra/kafka.mjs';
import { redisAnswers, startLocalRedis, stopLocalRedis } from './infra/redis.mjs';

// 49092 is outside the dev (19092) and test (29092/39092) ports other runs use on this machine.
const KAFKA_PORT = Number(process.env.CAPSCORE_BENCH_KAFKA_PORT || 49092);
const REDIS_PORT = 46379;
const args = process.argv.slice(2);
const log = (line) => process.stderr.write(`[bench] ${line}\n`);

const started = { kafka: false, redis: false };
let child;
let stopping = false;

async function stopInfra() {
  if (started.kafka) {
    started.kafka = false;
    await stopLocalKafka(KAFKA_PORT).catch((e) => log(`could not stop kafka: ${e.message}`));
    log(`stopped the bench Kafka broker on ${KAFKA_PORT}`);
  }
  if (started.redis) {
    started.redis = false;
    stopLocalRedis(REDIS_PORT);
    log(`stopped the private redis-server on ${REDIS_PORT}`);
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    child?.kill('SIGTERM');
    // The bench app stops its scorers on SIGTERM; the infra goes once it has exited.
  });
}

async function main() {
  if (!args.includes('--no-build')) {
    execFileSync('node', [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  }
  let brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    brokers = await startLocalKafka(KAFKA_PORT, log);
    started.kafka = true;
  }
  await waitForKafka(brokers.split(','));
  let redisUrl = process.env.REDIS_URL;
  const clusterNodes = process.env.REDIS_CLUSTER_NODES;
  if (!redisUrl && !clusterNodes) {
    if (await redisAnswers('redis://127.0.0.1:6379')) {
      redisUrl = 'redis://127.0.0.1:6379';
    } else {
      redisUrl = await startLocalRedis(REDIS_PORT, log);
      started.redis = true;
    }
  }
  log(`kafka ${brokers}, redis ${clusterNodes ? 'cluster (REDIS_CLUSTER_NODES)' : redisUrl}`);
  const main = join(ROOT, 'dist', 'apps', 'bench', 'apps', 'bench', 'src', 'main.js');
  const code = await new Promise((resolve) => {
    child = spawn(process.execPath, ['--max-old-space-size=6144', main, ...args.filter((a) => a !== '--no-build')], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, KAFKA_BROKERS: brokers, ...(clusterNodes ? {} : { REDIS_URL: redisUrl }), KAFKAJS_NO_PARTITIONER_WARNING: '1' },
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  return code;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
} finally {
  await stopInfra();
}
process.exit(exitCode);
