/**
 * What a Redis failure means to a long-running consumer: wait and retry (the server is loading,
 * failing over, unreachable for now), or stop, because no retry can fix it (wrong credentials,
 * a one-server client at a cluster). Pure: reads only the error's name and message, so it needs
 * no connection and is unit-tested on the texts Redis and ioredis produce.
 */
export type RedisFailure =
  { kind: 'transient'; reason: RedisTransientReason } | { kind: 'fatal'; cause: RedisFatalCause };

export type RedisTransientReason =
  | 'redis-connection'
  | 'redis-timeout'
  | 'redis-loading'
  | 'redis-failover'
  | 'redis-cluster-down'
  | 'redis-redirect'
  | 'redis-busy';

/** Each cause has its own exit code (apps/scorer failure-policy.ts). */
export type RedisFatalCause = 'redis-not-cluster-client' | 'redis-auth';

/** Thrown by connectRedis when a one-server client meets a cluster node. */
export class RedisNotClusterClientError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisNotClusterClientError';
  }
}

// Error replies start with an upper-case code (https://redis.io/docs/latest/develop/reference/protocol-spec/#simple-errors).
const FATAL_REPLIES: [RegExp, RedisFatalCause][] = [
  // Authentication (NOAUTH, WRONGPASS) and ACL denials (NOPERM): only a configuration change helps.
  [/^(NOAUTH|WRONGPASS|NOPERM)\b/, 'redis-auth'],
];

const TRANSIENT_REPLIES: [RegExp, RedisTransientReason][] = [
  [/^LOADING\b/, 'redis-loading'],
  // A failover in progress: a write to a demoted master, a replica without its master.
  [/^(READONLY|MASTERDOWN)\b/, 'redis-failover'],
  [/^(CLUSTERDOWN|TRYAGAIN)\b/, 'redis-cluster-down'],
  // A script or a blocking command over the busy threshold on the server.
  [/^BUSY\b/, 'redis-busy'],
];

const CONNECTION_TEXTS = [
  /\bE(CONNREFUSED|CONNRESET|PIPE|HOSTUNREACH|NETUNREACH|AI_AGAIN|NOTFOUND)\b/,
  /Connection is closed/i,
  /Stream isn't writeable/i,
  /max retries per request/i,
  /Failed to refresh slots cache/i,
  /None of startup nodes is available/i,
  /Cluster isn't ready/i,
];

const TIMEOUT_TEXTS = [/\bETIMEDOUT\b/, /timed? ?out/i];

/**
 * Classifies an error met while talking to Redis. `cluster` says whether the client is a
 * cluster client: a cluster client follows MOVED/ASK itself, so one reaching the caller means
 * slots are moving (transient, it re-reads the slot table); a one-server client gets MOVED for
 * every key another node owns, for ever. Returns null for an error that is not recognisably
 * Redis's (the caller decides).
 */
export function classifyRedisError(error: unknown, { cluster }: { cluster: boolean }): RedisFailure | null {
  if (!(error instanceof Error)) return null;
  if (error.name === 'RedisNotClusterClientError') {
    return { kind: 'fatal', cause: 'redis-not-cluster-client' };
  }
  const text = error.message;
  for (const [pattern, cause] of FATAL_REPLIES) if (pattern.test(text)) return { kind: 'fatal', cause };
  if (/^(MOVED|ASK)\b/.test(text)) {
    return cluster
      ? { kind: 'transient', reason: 'redis-redirect' }
      : { kind: 'fatal', cause: 'redis-not-cluster-client' };
  }
  for (const [pattern, reason] of TRANSIENT_REPLIES) {
    if (pattern.test(text)) return { kind: 'transient', reason };
  }
  if (CONNECTION_TEXTS.some((p) => p.test(text))) return { kind: 'transient', reason: 'redis-connection' };
  if (TIMEOUT_TEXTS.some((p) => p.test(text))) return { kind: 'transient', reason: 'redis-timeout' };
  // ioredis wraps the last node error of a cluster command; a pipeline's first failure is enough.
  const nested = (error as { lastNodeError?: unknown }).lastNodeError ?? (error as { cause?: unknown }).cause;
  return nested === undefined || nested === error ? null : classifyRedisError(nested, { cluster });
}
