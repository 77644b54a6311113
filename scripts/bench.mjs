#!/usr/bin/env node
// `npm run bench -- [--events N] [--partners N] [--only throughput,latency,...]`: builds, brings up
// a private Kafka broker (its own port, so it never disturbs `npm start` or `npm test`), uses
// REDIS_URL or REDIS_CLUSTER_NODES / the Redis on 6379 / a private redis-server, runs the bench app, and stops what it
// started. The bench app writes its own keys under a private prefix and deletes them at the end.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { builtAppPath, SCORER_NODE_FLAGS } from './built-app.mjs';
import { ROOT } from './infra/kafka.mjs';
import { runWithPrivateInfra } from './infra/private-run.mjs';

const args = process.argv.slice(2);
if (!args.includes('--no-build')) {
  execFileSync('node', [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}
// The bench measures the scorer as npm start runs it; CAPSCORE_BENCH_SCORER_FLAGS replaces the flags ('' for none).
process.env.CAPSCORE_BENCH_SCORER_FLAGS ??= SCORER_NODE_FLAGS.join(' ');
const code = await runWithPrivateInfra({
  name: 'bench',
  // 49092 is outside the dev (19092) and test (29092/39092) ports other runs use on this machine.
  kafkaPort: Number(process.env.CAPSCORE_BENCH_KAFKA_PORT || 49092),
  redisPort: 46379,
  shareLocalRedis: true,
  main: builtAppPath('bench'),
  nodeArgs: ['--max-old-space-size=6144'],
  args: args.filter((a) => a !== '--no-build'),
});
process.exit(code);
