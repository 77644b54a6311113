/**
 * REDIS_CLUSTER_NODES: the seed nodes of a Redis Cluster, comma-separated. Each entry is
 * `host:port`, or written like REDIS_URL, `redis://[user:password@]host:port` (`rediss://` for
 * TLS), so that credentials and TLS are given the same way for a cluster as for one server:
 *
 *   REDIS_CLUSTER_NODES=rediss://capscore:secret@10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379
 *
 * Credentials and TLS apply to every node (the client learns the other nodes from the cluster,
 * and connects to them the same way); a bare `host:port` entry takes them from the URL entries,
 * and two entries that disagree are an error. A cluster has only database 0, so a URL entry
 * names no other. Error messages never repeat the value: it may hold a password.
 */
export interface RedisClusterSettings {
  nodes: { host: string; port: number }[];
  username?: string;
  password?: string;
  tls: boolean;
}

export type ClusterNodesResult = { ok: true; value: RedisClusterSettings } | { ok: false; message: string };

const BARE = /^([^\s:/@,[\]]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
const EXPECTED = 'expected host:port or redis[s]://[user:password@]host:port';

export function parseRedisClusterNodes(value: string): ClusterNodesResult {
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (entries.length === 0) return { ok: false, message: `at least one seed node (${EXPECTED})` };
  const nodes: RedisClusterSettings['nodes'] = [];
  let auth: { scheme: 'redis' | 'rediss'; username?: string; password?: string } | undefined;
  for (const [index, entry] of entries.entries()) {
    const where = `entry ${index + 1} of ${entries.length}`;
    if (!entry.includes('://')) {
      const match = BARE.exec(entry);
      if (!match) return { ok: false, message: `${where}: ${EXPECTED}` };
      const port = Number(match[2]);
      if (port < 1 || port > 65535) return { ok: false, message: `${where}: port must be 1..65535` };
      nodes.push({ host: (match[1] as string).replace(/^\[|\]$/g, ''), port });
      continue;
    }
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return { ok: false, message: `${where}: ${EXPECTED}` };
    }
    const scheme = url.protocol.replace(/:$/, '');
    if (scheme !== 'redis' && scheme !== 'rediss') {
      return { ok: false, message: `${where}: the scheme must be redis:// or rediss://` };
    }
    if (!url.hostname || !url.port) {
      return { ok: false, message: `${where}: a host and a port are required (${EXPECTED})` };
    }
    if (url.pathname !== '' && url.pathname !== '/' && url.pathname !== '/0') {
      return { ok: false, message: `${where}: a Redis Cluster has only database 0; leave the /db part out` };
    }
    if (url.search || url.hash) {
      return { ok: false, message: `${where}: no query or fragment is read; ${EXPECTED}` };
    }
    const these: NonNullable<typeof auth> = {
      scheme,
      username: url.username ? decodeURIComponent(url.username) : undefined,
      password: url.password ? decodeURIComponent(url.password) : undefined,
    };
    if (
      auth &&
      (auth.scheme !== these.scheme || auth.username !== these.username || auth.password !== these.password)
    ) {
      return {
        ok: false,
        message: `${where}: its scheme or credentials differ from an earlier entry's (one cluster, one way to connect)`,
      };
    }
    auth = these;
    nodes.push({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) });
  }
  return {
    ok: true,
    value: { nodes, username: auth?.username, password: auth?.password, tls: auth?.scheme === 'rediss' },
  };
}

/** The REDIS_CLUSTER_NODES value that reproduces `settings` (for child processes, e.g. the bench's scorers). */
export function formatRedisClusterNodes(settings: RedisClusterSettings): string {
  const scheme = settings.tls ? 'rediss' : 'redis';
  const user = settings.username ? encodeURIComponent(settings.username) : '';
  const password = settings.password ? `:${encodeURIComponent(settings.password)}` : '';
  const auth = user || password ? `${user}${password}@` : '';
  const host = (h: string) => (h.includes(':') ? `[${h}]` : h);
  const [first, ...rest] = settings.nodes;
  if (!first) return '';
  const head =
    auth || settings.tls
      ? `${scheme}://${auth}${host(first.host)}:${first.port}`
      : `${host(first.host)}:${first.port}`;
  return [head, ...rest.map((n) => `${host(n.host)}:${n.port}`)].join(',');
}
