import { Redis, type Cluster } from 'ioredis';
import { isCluster, type RedisClient, type RedisNode } from './connection.js';

/**
 * What must reach every server of the store rather than one key's: SCAN (a cluster node scans
 * only its own keys), server INFO, health. On one server, that server is the only master.
 */

/** `host:port` of a server, as readiness and errors name it. */
export function nodeName(node: RedisNode): string {
  return `${node.options.host ?? '127.0.0.1'}:${node.options.port ?? 6379}`;
}

/** The servers holding keys: the cluster's masters, or the one server. */
export function masterNodes(client: RedisClient): RedisNode[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

/**
 * Calls `onKeys` with every key matching `pattern`, batch by batch, on every master (a cluster
 * node's SCAN sees only its own slots). `node` is where the keys live: commands naming several of
 * them must still stay within one slot. Never on the hot path: SCAN walks the whole keyspace.
 */
export async function scanKeys(
  client: RedisClient,
  pattern: string,
  onKeys: (keys: string[], node: RedisNode) => Promise<void> | void,
  count = 1000,
): Promise<void> {
  for (const node of masterNodes(client)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      if (keys.length > 0) await onKeys(keys, node);
    } while (cursor !== '0');
  }
}

/**
 * Deletes every key matching `pattern` on every master (UNLINK: large values are freed in the
 * background) and returns how many it found. One UNLINK per key, pipelined per node, since a
 * cluster refuses a multi-key command across slots. For test and bench namespaces: never FLUSH
 * a store others may share.
 */
export async function deleteKeysMatching(client: RedisClient, pattern: string): Promise<number> {
  let found = 0;
  await scanKeys(client, pattern, async (keys, node) => {
    found += keys.length;
    const pipeline = node.pipeline();
    for (const key of keys) pipeline.unlink(key);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw new Error(`UNLINK on ${nodeName(node)}: ${failed[0].message}`);
  });
  return found;
}

/** INFO `section` of every master, by node name (a cluster's figures are per node: sum them). */
export async function infoOfMasters(client: RedisClient, section: string): Promise<Map<string, string>> {
  const nodes = masterNodes(client);
  const texts = await Promise.all(nodes.map((node) => node.info(section)));
  return new Map(nodes.map((node, i) => [nodeName(node), texts[i] as string]));
}

export interface RedisHealth {
  /** Every master answers (and a cluster says cluster_state:ok): keys of every slot can be read and written. */
  ok: boolean;
  /** What is wrong, each naming the node: `127.0.0.1:7101 (master): connect ECONNREFUSED ...`. A replica's problem is listed without making `ok` false. */
  problems: string[];
}

async function answers(node: RedisNode, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>(
    (resolve) =>
      (timer = setTimeout(
        () => resolve(`no answer within ${timeoutMs} ms (connection ${node.status})`),
        timeoutMs,
      )),
  );
  const ping = node.ping().then(
    () => null,
    (error: Error) => error.message,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** PING over a connection of its own, for a node the cluster client holds none to (it drops a node's connection when it ends). */
async function answersFresh(cluster: Cluster, key: string, timeoutMs: number): Promise<string | null> {
  const at = key.lastIndexOf(':');
  const probe = new Redis({
    ...cluster.options.redisOptions,
    host: key.slice(0, at),
    port: Number(key.slice(at + 1)),
    lazyConnect: true,
    enableAutoPipelining: false,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return await answers(probe, timeoutMs);
  } catch (error) {
    return (error as Error).message;
  } finally {
    probe.disconnect();
  }
}

/**
 * Readiness of the store, naming the node that fails. One server: PING (with a timeout, since a
 * connection that is down would queue it until it reconnects). A cluster: PING the master of
 * every slot range as the client's slot table names it (over a connection of its own when the
 * client has dropped that node's), PING the replicas it knows, and ask a master for
 * `cluster_state`. A replica that fails is listed without making the store unready.
 */
export async function redisHealth(client: RedisClient, timeoutMs = 1000): Promise<RedisHealth> {
  if (!isCluster(client)) {
    const problem = await answers(client, timeoutMs);
    return problem === null
      ? { ok: true, problems: [] }
      : { ok: false, problems: [`${nodeName(client)}: ${problem}`] };
  }
  const problems: string[] = [];
  let ok = true;
  if (client.status !== 'ready') {
    ok = false;
    problems.push(`cluster client ${client.status}`);
  }
  const pooled = new Map(client.nodes('all').map((node) => [nodeName(node), node]));
  const masterKeys = [
    ...new Set(
      client.slots.map((owners) => owners?.[0]).filter((key): key is string => typeof key === 'string'),
    ),
  ];
  if (masterKeys.length === 0) {
    ok = false;
    problems.push('no slot has a known master (cluster slots not loaded)');
  }
  const replicas = client.nodes('slave').filter((node) => !masterKeys.includes(nodeName(node)));
  const [masterResults, replicaResults] = await Promise.all([
    Promise.all(
      masterKeys.map(async (key) => {
        const node = pooled.get(key);
        return [
          key,
          node ? await answers(node, timeoutMs) : await answersFresh(client, key, timeoutMs),
        ] as const;
      }),
    ),
    Promise.all(replicas.map(async (node) => [nodeName(node), await answers(node, timeoutMs)] as const)),
  ]);
  for (const [key, problem] of masterResults) {
    if (problem === null) continue;
    ok = false;
    problems.push(`${key} (master): ${problem}`);
  }
  // A master that fails may have been replaced by its replica: learn the slots' owners again
  // now rather than at the next periodic refresh.
  if (!ok) client.refreshSlotsCache();
  for (const [key, problem] of replicaResults) {
    if (problem !== null) problems.push(`${key} (replica): ${problem}`);
  }
  const answering = masterResults.find(([key, problem]) => problem === null && pooled.has(key))?.[0];
  const node = answering === undefined ? undefined : pooled.get(answering);
  if (node) {
    const info = await node.cluster('INFO').catch((error: Error) => `error: ${error.message}`);
    const state = /^cluster_state:(\w+)/m.exec(String(info))?.[1] ?? 'unknown';
    if (state !== 'ok') {
      ok = false;
      problems.push(`${nodeName(node)} (master): cluster_state:${state}`);
    }
  }
  return { ok, problems };
}

/** The apps' readiness probe of their store (redisHealth of the process's client). */
export class StoreHealth {
  constructor(private readonly redis: RedisClient) {}

  check(): Promise<RedisHealth> {
    return redisHealth(this.redis);
  }
}
