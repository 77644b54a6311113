// A local Redis Cluster from redis-server (no Docker): three masters and three replicas on six
// consecutive ports, for `npm run infra -- up --redis-cluster` and the cluster integration test.
// Each node's cluster bus listens on its port + 10000, so the range and the range 10000 above it
// must be free (the profiles' defaults keep both below the kernel's ephemeral ports).
// Nodes keep nothing on disk (--save '' --appendonly no): `down` loses the data, as for the
// private single redis-server. They are stopped by the pid in their pid files, never by name.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { ROOT } from './kafka.mjs';

const run = promisify(execFile);
export const CLUSTER_MASTERS = 3;
export const CLUSTER_NODES = 6;
/** Low for tests: a master that stops answering is failed over to its replica after about this long. */
export const DEFAULT_NODE_TIMEOUT_MS = 2000;

const runDir = (basePort) => join(ROOT, '.run', `redis-cluster-${basePort}`);
const nodeDir = (basePort, port) => join(runDir(basePort), String(port));
const pidFile = (basePort, port) => join(nodeDir(basePort, port), 'redis.pid');

export function clusterPorts(basePort) {
  return Array.from({ length: CLUSTER_NODES }, (_, i) => basePort + i);
}

/** The REDIS_CLUSTER_NODES value for the cluster on `basePort` (every node is a seed). */
export function clusterNodesValue(basePort) {
  return clusterPorts(basePort)
    .map((port) => `127.0.0.1:${port}`)
    .join(',');
}

function hasBinary(name) {
  return (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, name)));
}

function client(port) {
  const c = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1500,
  });
  c.on('error', () => undefined);
  return c;
}

async function onNode(port, fn) {
  const c = client(port);
  try {
    await c.connect();
    return await fn(c);
  } finally {
    c.disconnect();
  }
}

async function answers(port) {
  return onNode(port, async (c) => (await c.ping()) === 'PONG').catch(() => false);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid in the node's pid file, if that process is alive and is the redis-server of that port. */
export function clusterNodePid(basePort, port) {
  const file = pidFile(basePort, port);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    // redis-server sets its title to "redis-server 127.0.0.1:<port> [cluster]".
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('redis-server') && cmdline.includes(`:${port}`) ? pid : null;
  } catch {
    return null; // gone
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the nodes this script started on `basePort` (their pid files; a pid that is no longer a
 * redis-server of that port is left alone) and waits until they are gone. Returns how many it stopped.
 */
export async function stopLocalRedisCluster(basePort) {
  const pids = [];
  for (const port of clusterPorts(basePort)) {
    const pid = clusterNodePid(basePort, port);
    rmSync(pidFile(basePort, port), { force: true });
    if (pid === null) continue;
    try {
      process.kill(pid, 'SIGTERM');
      pids.push(pid);
    } catch {
      /* already gone */
    }
  }
  const deadline = Date.now() + 10_000;
  while (pids.some(alive) && Date.now() < deadline) await sleep(50);
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
  return pids.length;
}

/**
 * Starts three masters and three replicas on basePort..basePort+5 and waits until the cluster is
 * whole: cluster_state:ok on every node, every slot served, every replica in sync with its master.
 * Returns the REDIS_CLUSTER_NODES value.
 */
export async function startLocalRedisCluster(
  basePort,
  { log = console.error, nodeTimeoutMs = DEFAULT_NODE_TIMEOUT_MS } = {},
) {
  for (const binary of ['redis-server', 'redis-cli']) {
    if (!hasBinary(binary)) {
      throw new Error(
        `no ${binary}: a local Redis Cluster needs redis-server and redis-cli (apt-get install redis-server), or set REDIS_CLUSTER_NODES`,
      );
    }
  }
  const ports = clusterPorts(basePort);
  // Nodes an earlier run of this script left behind (a killed test) go first.
  const leftovers = await stopLocalRedisCluster(basePort);
  if (leftovers > 0) {
    log(`redis cluster: stopped ${leftovers} node(s) an earlier run left on ${ports[0]}-${ports.at(-1)}`);
  }
  for (const port of ports) {
    if (await answers(port)) {
      throw new Error(
        `port ${port} already answers as Redis (not started by this script): choose another base port`,
      );
    }
  }
  rmSync(runDir(basePort), { recursive: true, force: true });
  const started = Date.now();
  log(
    `redis cluster: starting ${CLUSTER_MASTERS} masters and ${CLUSTER_NODES - CLUSTER_MASTERS} replicas on 127.0.0.1:${ports[0]}-${ports.at(-1)} (cluster-node-timeout ${nodeTimeoutMs} ms)...`,
  );
  try {
    await Promise.all(
      ports.map(async (port) => {
        const dir = nodeDir(basePort, port);
        mkdirSync(dir, { recursive: true });
        const child = spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--dir',
            dir,
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-node-timeout',
            String(nodeTimeoutMs),
            '--save',
            '',
            '--appendonly',
            'no',
            // A replica's full sync starts at once (Redis waits 5 s for more replicas by default).
            '--repl-diskless-sync-delay',
            '0',
            '--daemonize',
            'yes',
            '--pidfile',
            pidFile(basePort, port),
            '--logfile',
            join(dir, 'redis.log'),
          ],
          { stdio: 'ignore' },
        );
        await new Promise((resolve, reject) =>
          child.on('exit', (code) =>
            code === 0
              ? resolve()
              : reject(new Error(`redis-server on ${port} exited with ${code}; see ${dir}/redis.log`)),
          ),
        );
        for (let i = 0; !(await answers(port)); i++) {
          if (i >= 100) throw new Error(`redis-server on port ${port} did not answer; see ${dir}/redis.log`);
          await sleep(50);
        }
      }),
    );
    // redis-cli makes the first three masters (slots split evenly) and the next three their replicas.
    await run(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '1',
        '--cluster-yes',
      ],
      { timeout: 60_000 },
    ).catch((error) => {
      throw new Error(
        `redis-cli --cluster create failed: ${[error.stdout, error.stderr].filter(Boolean).join('\n').trim() || error.message}`,
        { cause: error },
      );
    });
    await waitForClusterWhole(ports, 30_000);
  } catch (error) {
    await stopLocalRedisCluster(basePort);
    throw error;
  }
  log(`redis cluster: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return clusterNodesValue(basePort);
}

async function waitForClusterWhole(ports, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let why = '';
  while (Date.now() < deadline) {
    why = await clusterProblem(ports).catch((error) => error.message);
    if (!why) return;
    await sleep(100);
  }
  throw new Error(`the local Redis Cluster is not whole after ${timeoutMs} ms: ${why}`);
}

/** '' when the cluster is whole, else what is missing. */
async function clusterProblem(ports) {
  for (const port of ports) {
    const problem = await onNode(port, async (c) => {
      const info = await c.cluster('INFO');
      if (!/^cluster_state:ok/m.test(info)) return 'cluster_state is not ok';
      if (!/^cluster_slots_ok:16384/m.test(info)) return 'not every slot is served';
      if (!new RegExp(`^cluster_known_nodes:${ports.length}`, 'm').test(info)) {
        return 'not every node knows the others';
      }
      const replication = await c.info('replication');
      if (/^role:slave/m.test(replication)) {
        return /^master_link_status:up/m.test(replication) ? '' : 'replica not in sync yet';
      }
      // A master with slots must see its replica online (a replica re-syncing shows wait_bgsave / send_bulk).
      return /^slave0:.*state=online/m.test(replication) ? '' : 'master without an online replica yet';
    });
    if (problem) return `127.0.0.1:${port}: ${problem}`;
  }
  const nodes = await onNode(ports[0], (c) => c.cluster('NODES'));
  const flags = nodes.split('\n').map((line) => (line.split(' ')[2] ?? '').split(','));
  const masters = flags.filter((f) => f.includes('master') && !f.includes('fail'));
  if (masters.length !== CLUSTER_MASTERS) return `${masters.length} masters, expected ${CLUSTER_MASTERS}`;
  return '';
}
