#!/usr/bin/env node
// `npm run soak -- --minutes N [--rate 1000] [--partners 1000] [--sample 10] [--out DIR] [--keep]`
//
// The soak itself is TypeScript, built with the bench (apps/bench/src/soak/soak-main.ts: what it
// measures and writes); this script gives it its infrastructure. KAFKA_BROKERS / REDIS_URL when
// set; otherwise a private Kafka broker (CAPSCORE_SOAK_KAFKA_PORT, default 55092) and a private
// redis-server (CAPSCORE_SOAK_REDIS_PORT, default 55379) that it starts and stops, so Redis memory
// is capscore's alone. Needs `npm run build` first.
import { requireBuiltApp } from './built-app.mjs';
import { runWithPrivateInfra } from './infra/private-run.mjs';

let main;
try {
  main = requireBuiltApp('bench', 'soak/soak-main');
} catch (error) {
  process.stderr.write(`[soak] ${error.message}\n`);
  process.exit(2);
}
const code = await runWithPrivateInfra({
  name: 'soak',
  kafkaPort: Number(process.env.CAPSCORE_SOAK_KAFKA_PORT || 55092),
  redisPort: Number(process.env.CAPSCORE_SOAK_REDIS_PORT || 55379),
  main,
  args: process.argv.slice(2),
  // Only then is the key count capscore's alone (and worth a slope).
  privateRedisArgs: ['--private-redis'],
});
process.exit(code);
