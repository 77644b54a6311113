import { Cluster, Redis, type RedisOptions, type Result } from 'ioredis';
import { LUA_SCRIPTS } from './lua/scripts.generated.js';
import { RedisNotClusterClientError } from './redis-errors.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    commitPartner(
      stateKey: string,
      outboxKey: string,
      expectedVersion: string,
      lifecycle: string,
      fieldsToSet: string,
      fieldsToDelete: string,
      historyRecords: string,
      ...fieldsHistoryThenOutbox: (string | Buffer)[]
    ): Result<number, Context>;
    ackOutbox(outboxKey: string, ...entrySha1s: string[]): Result<number, Context>;
    pullTimersForward(timersKey: string, at: string, limit: string): Result<number, Context>;
    advanceClock(clockKey: string, to: string): Result<string, Context>;
    loadPartnerBuffer(stateKey: string, outboxKey: string, heldVersion: string): Result<Buffer[], Context>;
    replaceHistory(
      stateKey: string,
      cutMonth: string,
      cutAt: string,
      ...designationSnapshotsEvents: (string | Buffer)[]
    ): Result<number, Context>;
  }
}

/**
 * What capscore talks to: one Redis server or a Redis Cluster. Both have the same commands; a
 * cluster client routes each to the master of its key's slot, so a command may only name keys of
 * one slot (every key of a partner carries its `{partnerId}` hash tag; see keys.ts). Code that
 * must reach every node (SCAN, health) goes through nodes.ts.
 */
export type RedisClient = Redis | Cluster;

/** One server of the store: a single Redis, or a node of a cluster. */
export type RedisNode = Redis;

/** Redis Cluster seed nodes and how to connect to every node (libs/config's REDIS_CLUSTER_NODES). */
export interface RedisClusterTarget {
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  tls: boolean;
}

/**
 * Where the store is: a `redis://` / `rediss://` URL, or libs/config's `config.redis` as it is
 * (its `cluster`, when REDIS_CLUSTER_NODES is set, wins over its `url`).
 */
export type RedisTarget = string | { url: string; cluster?: RedisClusterTarget };

/** The client options a caller may change; each means the same for one server and a cluster. */
export type RedisClientOptions = Pick<
  RedisOptions,
  'enableAutoPipelining' | 'maxRetriesPerRequest' | 'connectTimeout' | 'lazyConnect'
>;

/**
 * The one factory of Redis clients (every app, the bench and the tests' probes): a `Cluster`
 * when the target names cluster nodes, else one connection. Not connected yet (call connect()),
 * auto-pipelined, with capscore's Lua scripts defined.
 */
export function createRedis(target: RedisTarget, options: RedisClientOptions = {}): RedisClient {
  const resolved = typeof target === 'string' ? { url: target } : target;
  const client = resolved.cluster
    ? createCluster(resolved.cluster, options)
    : createSingle(resolved.url, options);
  // Scripts are registered once per client; ioredis sends EVALSHA and falls back to EVAL (per
  // node on a cluster: each node loads the script the first time it runs there).
  for (const script of Object.values(LUA_SCRIPTS)) {
    client.defineCommand(script.name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
  }
  return client;
}

function createSingle(url: string, options: RedisClientOptions): Redis {
  return new Redis(url, {
    // Commands issued in the same tick travel in one round trip: a batch of partners costs
    // one network exchange per step without hand-written pipelines.
    enableAutoPipelining: true,
    maxRetriesPerRequest: 3,
    lazyConnect: true,
    ...options,
  });
}

function createCluster(target: RedisClusterTarget, options: RedisClientOptions): Cluster {
  const { enableAutoPipelining = true, lazyConnect = true, ...perNode } = options;
  return new Cluster(
    target.nodes.map((n) => ({ host: n.host, port: n.port })),
    {
      // Auto-pipelining on a cluster batches per node: a slice of partners spread over three
      // masters costs one round trip to each, in parallel.
      enableAutoPipelining,
      lazyConnect,
      // While a master fails over (its replica is promoted after cluster-node-timeout), commands
      // for its slots wait and retry instead of failing at once.
      retryDelayOnFailover: 200,
      retryDelayOnClusterDown: 500,
      retryDelayOnTryAgain: 200,
      // The slot table is re-read every 2 s as well: an auto-pipelined batch that meets MOVED for
      // several slots (after a failover or a resharding) fails instead of being redirected, and
      // nothing else would make the client learn the new owners until a command is refused as a
      // whole. With this, such a batch succeeds on its retry within about 2 s.
      slotsRefreshInterval: 2000,
      redisOptions: {
        maxRetriesPerRequest: 3,
        ...perNode,
        username: target.username,
        password: target.password,
        ...(target.tls ? { tls: {} } : {}),
      },
    },
  );
}

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/** The target for messages: a URL without its credentials, or the cluster's seed nodes. */
export function describeRedisTarget(target: RedisTarget): string {
  const resolved = typeof target === 'string' ? { url: target } : target;
  if (resolved.cluster) {
    return `Redis Cluster (seed nodes ${resolved.cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',')})`;
  }
  try {
    const url = new URL(resolved.url);
    return `${url.protocol}//${url.host}${url.pathname.length > 1 ? url.pathname : ''}`;
  } catch {
    return 'Redis (REDIS_URL unreadable)';
  }
}

/**
 * Connects, then refuses a one-server client pointed at a cluster node: it would get `MOVED`
 * for every key another node owns, and retrying cannot fix that (the symptom of issue 13).
 */
export async function connectRedis(client: RedisClient): Promise<void> {
  // A refused AUTH closes the connection: connect() then rejects with "Connection is closed.",
  // and only the `error` event carries the server's reply (WRONGPASS, NOAUTH) that says why.
  let refusal: Error | undefined;
  const remember = (error: Error) => (refusal ??= error.name === 'ReplyError' ? error : undefined);
  client.on('error', remember);
  try {
    await client.connect();
  } catch (error) {
    throw refusal ?? error;
  } finally {
    client.off('error', remember);
  }
  if (isCluster(client)) return;
  // INFO may be denied to a restricted ACL user: then there is nothing to check.
  const info = await client.info('cluster').catch(() => '');
  if (/^cluster_enabled:1/m.test(info)) {
    client.disconnect();
    throw new RedisNotClusterClientError(
      `the Redis at ${client.options.host ?? '127.0.0.1'}:${client.options.port ?? 6379} is a node of a Redis Cluster (cluster_enabled:1): ` +
        'a one-server client would get MOVED for the keys other nodes own. Set REDIS_CLUSTER_NODES=host:port,... (and unset REDIS_URL) instead',
    );
  }
}
