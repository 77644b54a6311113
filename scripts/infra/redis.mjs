// Redis for local runs and tests: REDIS_URL when set, else 127.0.0.1:6379 when it answers,
// else a private redis-server on its own port (never touching a shared server's data).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { ROOT } from './kafka.mjs';

export async function redisAnswers(url) {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1500,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function hasBinary(name) {
  return (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, name)));
}

const runDir = (port) => join(ROOT, '.run', `redis-${port}`);

export async function startLocalRedis(port, log = console.error) {
  if (!hasBinary('redis-server')) {
    throw new Error(
      'no Redis: REDIS_URL is unset, nothing answers on 127.0.0.1:6379 and redis-server is not installed (apt-get install redis-server, or set REDIS_URL)',
    );
  }
  const dir = runDir(port);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  log(`starting a private redis-server on 127.0.0.1:${port}...`);
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'yes',
      '--pidfile',
      join(dir, 'redis.pid'),
      '--logfile',
      join(dir, 'redis.log'),
    ],
    { stdio: 'ignore' },
  );
  await new Promise((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`redis-server exited with ${code}; see ${dir}/redis.log`)),
    ),
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await redisAnswers(url)) return url;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis-server on port ${port} did not answer; see ${dir}/redis.log`);
}

export function stopLocalRedis(port) {
  const pidFile = join(runDir(port), 'redis.pid');
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  rmSync(pidFile, { force: true });
  return true;
}
