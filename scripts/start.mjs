#!/usr/bin/env node
// `npm start`: build, bring up Kafka and Redis when none is configured, run the scorer and the
// api, then feed the demo stream and print designation events as they happen. Ctrl-C stops
// everything this command started.
//
// The children run in their own process group (`detached`): the terminal's Ctrl-C (SIGINT to the
// foreground group) reaches this script alone, which sends each child one SIGTERM and waits for
// its graceful stop. A child also stops by itself when this script is gone (scripts/start/
// parent-watch.mjs), so a SIGKILLed `npm start` leaves no scorer, api or demo behind.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireBuiltApp, SCORER_NODE_FLAGS } from './built-app.mjs';
import { down, up } from './infra/index.mjs';
import { ROOT } from './infra/kafka.mjs';

const log = (line) => process.stderr.write(`[start] ${line}\n`);
const children = new Map(); // child process → name
let stopping = false;

const PARENT_WATCH = pathToFileURL(join(ROOT, 'scripts', 'start', 'parent-watch.mjs')).href;

function runChild(name, script, args, env, nodeFlags = []) {
  const child = spawn(
    process.execPath,
    [...nodeFlags, '--enable-source-maps', '--import', PARENT_WATCH, script, ...args],
    {
      cwd: ROOT,
      env: { ...env, CAPSCORE_START_PID: String(process.pid) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  children.set(child, name);
  const prefix = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
    stream.on('end', () => rest && out.write(`[${name}] ${rest}\n`));
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  // 'close': the child has exited and its last output lines are printed.
  child.on('close', (code, signal) => {
    children.delete(child);
    if (stopping) log(`${name} stopped (${signal ?? `exit ${code}`})`);
    else if (name !== 'demo') {
      log(`${name} exited (${signal ?? code}); stopping`);
      void shutdown(1);
    }
  });
  return child;
}

async function waitReady(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s`);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping...');
  // One SIGTERM each (the terminal's SIGINT did not reach them: they have their own group).
  for (const child of children.keys()) child.kill('SIGTERM');
  const deadline = Date.now() + 20_000;
  while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const [child, name] of children) {
    log(`${name} still running after 20 s: SIGKILL`);
    child.kill('SIGKILL');
  }
  await down('dev', { log }).catch((error) => log(`infra down failed: ${error.message}`));
  process.exit(code);
}
// `--redis-cluster` (a local Redis Cluster instead of one server) and `--brokers N` (a local
// N-broker Kafka) are for this script; the other arguments go to the demo.
const redisCluster = process.argv.includes('--redis-cluster');
const brokersAt = process.argv.indexOf('--brokers');
const brokerCount = brokersAt >= 0 ? Number(process.argv[brokersAt + 1]) : 1;
const demoArgs = process.argv
  .slice(2)
  .filter((a, i, all) => a !== '--redis-cluster' && a !== '--brokers' && all[i - 1] !== '--brokers');

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const freshBroker = !process.env.KAFKA_BROKERS;
  const { brokers, redisUrl, redisClusterNodes } = await up('dev', {
    log,
    redisCluster,
    brokers: brokerCount,
  });
  const env = {
    ...process.env,
    KAFKA_BROKERS: brokers.join(','),
    // One server, or a cluster (`npm start -- --redis-cluster`, or REDIS_CLUSTER_NODES set).
    ...(redisClusterNodes
      ? { REDIS_CLUSTER_NODES: redisClusterNodes, REDIS_URL: '' }
      : { REDIS_URL: redisUrl }),
    // A fresh local broker starts from offset 0, so the demo gets its own key prefix and
    // starts from an empty one; a configured cluster keeps whatever prefix the user chose.
    REDIS_KEY_PREFIX:
      process.env.REDIS_KEY_PREFIX || (freshBroker ? `capscore:demo-${Date.now()}:` : 'capscore:'),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    // Keep the demo readable: warnings and errors from the apps, designation events from the demo.
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    // One readable line per entry in a terminal (JSON lines are for log shippers).
    LOG_FORMAT: process.env.LOG_FORMAT || 'pretty',
    NO_COLOR: process.stdout.isTTY ? (process.env.NO_COLOR ?? '') : '1',
  };
  const [scorer, api, cli] = ['scorer', 'api', 'cli'].map((app) => requireBuiltApp(app));
  runChild('scorer', scorer, [], env, SCORER_NODE_FLAGS);
  runChild('api', api, [], env);
  const port = process.env.HTTP_PORT || '3000';
  await waitReady(`http://127.0.0.1:${port}/health/ready`, 90_000);
  log(`ready: http://127.0.0.1:${port}/health/ready answers 200 (scores: GET /v1/partners/{id}/scores)`);
  if (process.env.CAPSCORE_DEMO !== '0') {
    runChild('demo', cli, ['demo', ...demoArgs], env);
  }
} catch (error) {
  log(`failed: ${error.message}`);
  await shutdown(1);
}
