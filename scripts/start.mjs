#!/usr/bin/env node
// `npm start`: build, bring up Kafka and Redis when none is configured, run the scorer and the
// api, then feed the demo stream and print designation events as they happen. Ctrl-C stops
// everything this command started.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { down, up } from './infra/index.mjs';
import { ROOT } from './infra/kafka.mjs';

const log = (line) => process.stderr.write(`[start] ${line}\n`);
const children = new Set();
let stopping = false;

function runChild(name, script, args, env) {
  const child = spawn(process.execPath, ['--enable-source-maps', script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const prefix = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping && name !== 'demo') {
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
  for (const child of children) child.kill('SIGTERM');
  const deadline = Date.now() + 20_000;
  while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const child of children) child.kill('SIGKILL');
  await down('dev', { log }).catch((error) => log(`infra down failed: ${error.message}`));
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const freshBroker = !process.env.KAFKA_BROKERS;
  const { brokers, redisUrl } = await up('dev', { log });
  const env = {
    ...process.env,
    KAFKA_BROKERS: brokers.join(','),
    REDIS_URL: redisUrl,
    // A fresh local broker starts from offset 0, so the demo gets its own key prefix and
    // starts from an empty one; a configured cluster keeps whatever prefix the user chose.
    REDIS_KEY_PREFIX: process.env.REDIS_KEY_PREFIX || (freshBroker ? `capscore:demo-${Date.now()}:` : 'capscore:'),
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
    // Keep the demo readable: warnings and errors from the apps, designation events from the demo.
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    NO_COLOR: process.stdout.isTTY ? (process.env.NO_COLOR ?? '') : '1',
  };
  const dist = (app) => join(ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js');
  for (const app of ['scorer', 'api', 'cli']) {
    if (!existsSync(dist(app))) throw new Error(`build output missing: ${dist(app)}`);
  }
  runChild('scorer', dist('scorer'), [], env);
  runChild('api', dist('api'), [], env);
  const port = process.env.HTTP_PORT || '3000';
  await waitReady(`http://127.0.0.1:${port}/health/ready`, 90_000);
  log(`ready: http://127.0.0.1:${port}/health/ready answers 200 (scores: GET /partners/{id}/scores)`);
  if (process.env.CAPSCORE_DEMO !== '0') {
    runChild('demo', dist('cli'), ['demo', ...process.argv.slice(2)], env);
  }
} catch (error) {
  log(`failed: ${error.message}`);
  await shutdown(1);
}
