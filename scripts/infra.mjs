#!/usr/bin/env node
// npm run infra -- up|down|status [--profile dev|test] [--redis-cluster] [--brokers N]
import { parseArgs } from 'node:util';
import { down, PROFILES, status, up } from './infra/index.mjs';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    profile: { type: 'string', default: 'dev' },
    'redis-cluster': { type: 'boolean', default: false },
    brokers: { type: 'string', default: '1' },
  },
});
const command = positionals[0] ?? 'status';
const profile = values.profile;
if (!PROFILES[profile]) {
  console.error(`unknown profile ${profile}; use one of ${Object.keys(PROFILES).join(', ')}`);
  process.exit(2);
}
try {
  if (command === 'up') {
    const { brokers, redisUrl, redisClusterNodes } = await up(profile, {
      redisCluster: values['redis-cluster'],
      brokers: Number(values.brokers),
    });
    console.log(
      `KAFKA_BROKERS=${brokers.join(',')}\n${redisClusterNodes ? `REDIS_CLUSTER_NODES=${redisClusterNodes}` : `REDIS_URL=${redisUrl}`}`,
    );
  } else if (command === 'down') {
    await down(profile);
  } else if (command === 'status') {
    const state = status(profile);
    console.log(state ? JSON.stringify(state) : `nothing started for profile ${profile}`);
  } else {
    console.error(
      'usage: npm run infra -- up|down|status [--profile dev|test] [--redis-cluster] [--brokers N]',
    );
    process.exit(2);
  }
} catch (error) {
  console.error(`infra ${command} failed: ${error.message}`);
  process.exit(1);
}
