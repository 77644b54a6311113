import type { TopicNames, TopicRole } from '@app/contracts';
import { EnvSchema } from './config.schema.js';
import { formatRedisClusterNodes, type RedisClusterSettings } from './redis-cluster.js';

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The one validated configuration object. Nothing else in capscore reads process.env. */
export interface CapscoreConfig {
  kafka: {
    brokers: string[];
    clientId: string;
    groupId: string;
    partitions: number;
    /** How long the group waits for a silent member (a crashed scorer) before rebalancing. */
    sessionTimeoutMs: number;
    ssl: boolean;
    sasl?: { mechanism: 'scram-sha-256' | 'scram-sha-512' | 'plain'; username: string; password: string };
  };
  topics: TopicNames;
  /**
   * One server (`url`), or a Redis Cluster when `cluster` is set (REDIS_CLUSTER_NODES); `url`
   * is then unused. libs/redis createRedis takes this object as it is.
   */
  redis: { url: string; keyPrefix: string; cluster?: RedisClusterSettings };
  http: {
    host: string;
    port: number;
    /** The operator key (`x-api-key`): every route. */
    apiKey?: string;
    /** Partner-token keys (TOKEN_SIGNING_KEYS): the first signs, all verify; empty when unset. */
    tokenKeys: { kid: string; secret: string }[];
  };
  /** Epoch ms of the fixed clock (CAPSCORE_CLOCK), or undefined for the system clock. */
  fixedClock?: number;
  /**
   * Paths of the program file, or of the files of several versions of one program (each with its
   * effectiveFrom); empty for the bundled MCPP program.
   */
  programFiles: string[];
  scorer: {
    maxBatchEvents: number;
    timerIntervalMs: number;
    httpPort: number;
    warmUpMs: number;
    /** Test fault hook (SCORER_FAULT_PUBLISH_DELAY_MS): ms held before the Kafka send and before the outbox acknowledgement; 0 in production. */
    faultPublishDelayMs: number;
    /** SCORER_FATAL_EXIT_DELAY_MS: readiness reports a fatal failure this long before the exit. */
    fatalExitDelayMs: number;
    /** Test fault hook (SCORER_FAULT_FAIL_PARTNER): evaluating this partner throws; unset in production. */
    faultFailPartner?: string;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** LOG_FORMAT: JSON lines (the default) or pino-pretty's readable lines. */
  logFormat: 'json' | 'pretty';
}

export function parseConfig(env: Record<string, string | undefined>): CapscoreConfig {
  // Empty strings mean "unset" so that `FOO= npm start` behaves like leaving FOO out.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '(env)'), message: i.message })),
    );
  }
  const e = parsed.data;
  const problems: { variable: string; message: string }[] = [];
  if (e.KAFKA_SASL_MECHANISM && (!e.KAFKA_SASL_USERNAME || !e.KAFKA_SASL_PASSWORD)) {
    const missing = !e.KAFKA_SASL_USERNAME ? 'KAFKA_SASL_USERNAME' : 'KAFKA_SASL_PASSWORD';
    problems.push({ variable: missing, message: `required when KAFKA_SASL_MECHANISM is set` });
  }
  // Credentials without a mechanism would be ignored in silence: the client would connect
  // unauthenticated, and the broker's refusal would be the first sign of the typo.
  if (!e.KAFKA_SASL_MECHANISM && (e.KAFKA_SASL_USERNAME || e.KAFKA_SASL_PASSWORD)) {
    problems.push({
      variable: 'KAFKA_SASL_MECHANISM',
      message:
        'required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (scram-sha-256, scram-sha-512 or plain)',
    });
  }
  // SASL/PLAIN sends the password itself; without TLS anyone on the path reads it. (SCRAM never
  // sends the password, but the session is still unencrypted: see docs/security.md.)
  if (e.KAFKA_SASL_MECHANISM === 'plain' && !e.KAFKA_SSL) {
    problems.push({
      variable: 'KAFKA_SSL',
      message: 'must be true with KAFKA_SASL_MECHANISM=plain (PLAIN sends the password in clear text)',
    });
  }
  // Both set is a mistake either way round (an old REDIS_URL left in the environment, or a
  // cluster address in REDIS_URL): say so rather than silently prefer one.
  if (e.REDIS_CLUSTER_NODES && cleaned.REDIS_URL !== undefined) {
    problems.push({
      variable: 'REDIS_CLUSTER_NODES',
      message: 'set either REDIS_URL (one server) or REDIS_CLUSTER_NODES (a cluster), not both',
    });
  }
  const seen = new Map<string, string>();
  for (const v of Object.values(TOPIC_VARIABLES)) {
    const other = seen.get(e[v]);
    if (other) problems.push({ variable: v, message: `same topic as ${other} (${e[v]})` });
    seen.set(e[v], v);
  }
  // Tokens narrow access; without an operator key the api would be open to anyone anyway (and
  // nobody could reach /admin once a token is in play). Say so instead of starting half-locked.
  if (e.TOKEN_SIGNING_KEYS && !e.API_KEY) {
    problems.push({
      variable: 'API_KEY',
      message:
        'required when TOKEN_SIGNING_KEYS is set (partner tokens restrict access only where the api is not open)',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID,
      groupId: e.KAFKA_GROUP_ID,
      partitions: e.KAFKA_PARTITIONS,
      sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
      ssl: e.KAFKA_SSL,
      sasl:
        e.KAFKA_SASL_MECHANISM && e.KAFKA_SASL_USERNAME && e.KAFKA_SASL_PASSWORD
          ? {
              mechanism: e.KAFKA_SASL_MECHANISM,
              username: e.KAFKA_SASL_USERNAME,
              password: e.KAFKA_SASL_PASSWORD,
            }
          : undefined,
    },
    topics: {
      certifications: e.TOPIC_CERTIFICATIONS,
      revenue: e.TOPIC_REVENUE,
      customerSuccess: e.TOPIC_CUSTOMER_SUCCESS,
      designations: e.TOPIC_DESIGNATIONS,
      scores: e.TOPIC_SCORES,
      dlq: e.TOPIC_DLQ,
    },
    redis: {
      url: e.REDIS_URL,
      keyPrefix: e.REDIS_KEY_PREFIX,
      ...(e.REDIS_CLUSTER_NODES ? { cluster: e.REDIS_CLUSTER_NODES } : {}),
    },
    http: { host: e.HTTP_HOST, port: e.HTTP_PORT, apiKey: e.API_KEY, tokenKeys: e.TOKEN_SIGNING_KEYS ?? [] },
    fixedClock: e.CAPSCORE_CLOCK,
    programFiles: e.CAPSCORE_PROGRAM ?? [],
    scorer: {
      maxBatchEvents: e.SCORER_MAX_BATCH_EVENTS,
      timerIntervalMs: e.SCORER_TIMER_INTERVAL_MS,
      httpPort: e.SCORER_HTTP_PORT,
      warmUpMs: e.SCORER_WARM_UP_MS,
      faultPublishDelayMs: e.SCORER_FAULT_PUBLISH_DELAY_MS,
      fatalExitDelayMs: e.SCORER_FATAL_EXIT_DELAY_MS,
      faultFailPartner: e.SCORER_FAULT_FAIL_PARTNER,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}

/** The environment variable that names this Redis (REDIS_URL or REDIS_CLUSTER_NODES), for a child process. */
export function redisEnvironment(
  redis: CapscoreConfig['redis'],
): { REDIS_URL: string } | { REDIS_CLUSTER_NODES: string } {
  return redis.cluster
    ? { REDIS_CLUSTER_NODES: formatRedisClusterNodes(redis.cluster) }
    : { REDIS_URL: redis.url };
}

/** The variable that names each topic. */
export const TOPIC_VARIABLES = {
  certifications: 'TOPIC_CERTIFICATIONS',
  revenue: 'TOPIC_REVENUE',
  customerSuccess: 'TOPIC_CUSTOMER_SUCCESS',
  designations: 'TOPIC_DESIGNATIONS',
  scores: 'TOPIC_SCORES',
  dlq: 'TOPIC_DLQ',
} as const satisfies Record<TopicRole, string>;

/** The TOPIC_* variables that give a child process (a scorer of a test or a bench run) these topics. */
export function topicEnvironment(topics: TopicNames): Record<(typeof TOPIC_VARIABLES)[TopicRole], string> {
  return Object.fromEntries(
    Object.entries(TOPIC_VARIABLES).map(([role, variable]) => [variable, topics[role as TopicRole]]),
  ) as Record<(typeof TOPIC_VARIABLES)[TopicRole], string>;
}

let cached: CapscoreConfig | undefined;

/** Parses process.env once (tests that vary the environment call parseConfig). */
export function loadConfig(): CapscoreConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
