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
export async function scanKeys(client: RedisClient, pattern: string, onKeys: (keys: string[], node: RedisNode) => Promise<void> | void, count = 1000): Promise<void> {
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
  const timeout = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms (connection ${node.status})`), timeoutMs)));
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

/**
 * Readiness of the store, naming the node that fails: every server is PINGed (with a timeout,
 * since a node whose connection is down would queue the PING until it reconnects), and a cluster
 * must report `cluster_state:ok`.
 */
export async function redisHealth(client: RedisClient, timeoutMs = 1000): Promise<RedisHealth> {
  if (!isCluster(client)) {
    const problem = await answers(client, timeoutMs);
    return problem === null ? { ok: true, problems: [] } : { ok: false, problems: [`${nodeName(client)}: ${problem}`] };
  }
  const problems: string[] = [];
  let ok = true;
  if (client.status !== 'ready') {
    ok = false;
    problems.push(`cluster client ${client.status}`);
  }
  const masters = new Set(client.nodes('master'));
  const all = client.nodes('all');
  if (masters.size === 0) {
    ok = false;
    problems.push('no master known (cluster slots not loaded)');
  }
  const results = await Promise.all(all.map(async (node) => [node, await answers(node, timeoutMs)] as const));
  for (const [node, problem] of results) {
    if (problem === null) continue;
    const master = masters.has(node);
    if (master) ok = false;
    problems.push(`${nodeName(node)} (${master ? 'master' : 'replica'}): ${problem}`);
  }
  const answering = results.find(([node, problem]) => problem === null && masters.has(node))?.[0];
  if (answering) {
    const info = await answering.cluster('INFO').catch((error: Error) => `error: ${error.message}`);
    const state = /^cluster_state:(\w+)/m.exec(String(info))?.[1] ?? 'unknown';
    if (state !== 'ok') {
      ok = false;
      problems.push(`${nodeName(answering)} (master): cluster_state:${state}`);
    }
  }
  return { ok, problems };
}
