#!/usr/bin/env node
// npm run infra -- up|down|status [--profile dev|test]
import { parseArgs } from 'node:util';
import { down, PROFILES, status, up } from './infra/index.mjs';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { profile: { type: 'string', default: 'dev' } } });
const command = positionals[0] ?? 'status';
const profile = values.profile;
if (!PROFILES[profile]) {
  console.error(`unknown profile ${profile}; use one of ${Object.keys(PROFILES).join(', ')}`);
  process.exit(2);
}
try {
  if (command === 'up') {
    const { brokers, redisUrl } = await up(profile);
    console.log(`KAFKA_BROKERS=${brokers.join(',')}\nREDIS_URL=${redisUrl}`);
  } else if (command === 'down') {
    await down(profile);
  } else if (command === 'status') {
    const state = status(profile);
    console.log(state ? JSON.stringify(state) : `nothing started for profile ${profile}`);
  } else {
    console.error('usage: npm run infra -- up|down|status [--profile dev|test]');
    process.exit(2);
  }
} catch (error) {
  console.error(`infra ${command} failed: ${error.message}`);
  process.exit(1);
}
