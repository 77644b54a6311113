import { z } from 'zod';
import { DEFAULT_TOPICS, isoInstant } from '@app/contracts';
import { parseRedisClusterNodes } from './redis-cluster.js';

const list = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  )
  .pipe(
    z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port')).min(1, 'at least one host:port'),
  );

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const topicName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,249}$/, 'Kafka topic names are 1..249 chars of [A-Za-z0-9._-]');
/**
 * TOKEN_SIGNING_KEYS: `kid:secret[,kid:secret...]`, the first signs partner tokens, all verify.
 * Messages name the entry by position and never quote a secret.
 */
const signingKeys = z.string().transform((text, ctx) => {
  const keys: { kid: string; secret: string }[] = [];
  const entries = text.split(',').map((x) => x.trim());
  entries.forEach((entry, i) => {
    const at = entry.indexOf(':');
    const kid = at > 0 ? entry.slice(0, at) : '';
    const secret = at > 0 ? entry.slice(at + 1) : '';
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(kid)) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${i + 1}: expected kid:secret with a kid of 1..32 chars of [A-Za-z0-9_-]`,
      });
    } else if (secret.length < 32 || /\s/.test(secret)) {
      ctx.addIssue({
        code: 'custom',
        message: `entry ${i + 1} (kid ${kid}): the secret must be 32 characters or more, without spaces (e.g. openssl rand -base64 32)`,
      });
    } else if (keys.some((k) => k.kid === kid)) {
      ctx.addIssue({ code: 'custom', message: `entry ${i + 1}: kid ${kid} appears twice` });
    } else {
      keys.push({ kid, secret });
    }
  });
  return keys;
});

/** The contracts' instant schema (an explicit offset, a real calendar date), read to epoch ms. */
const instant = isoInstant.transform((v) => Date.parse(v));
/** Seed nodes of a Redis Cluster (redis-cluster.ts); the message never repeats the value. */
const clusterNodes = z.string().transform((value, ctx) => {
  const parsed = parseRedisClusterNodes(value);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: 'custom', message: parsed.message });
  return z.NEVER;
});

/**
 * Every setting capscore reads, by environment variable. The README's configuration table is
 * this schema in prose; keep the two together.
 */
export const EnvSchema = z.object({
  KAFKA_BROKERS: list.default(['127.0.0.1:19092']),
  KAFKA_CLIENT_ID: z.string().min(1).default('capscore'),
  KAFKA_GROUP_ID: z.string().min(1).default('capscore-scorer'),
  KAFKA_PARTITIONS: positiveInt.max(1000).default(4),
  // 6 s: a crashed scorer's partitions are processed again by another instance about 8 s later
  // (npm run bench -- --only recovery; 32 s with the former 30 s), and 6 s is the broker's default
  // group.min.session.timeout.ms. Raise it where one partner takes seconds to decode (docs/operations.md).
  KAFKA_SESSION_TIMEOUT_MS: positiveInt.min(3000).max(300_000).default(6000),
  KAFKA_SSL: bool.default(false),
  KAFKA_SASL_MECHANISM: z.enum(['scram-sha-256', 'scram-sha-512', 'plain']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  TOPIC_CERTIFICATIONS: topicName.default(DEFAULT_TOPICS.certifications),
  TOPIC_REVENUE: topicName.default(DEFAULT_TOPICS.revenue),
  TOPIC_CUSTOMER_SUCCESS: topicName.default(DEFAULT_TOPICS.customerSuccess),
  TOPIC_DESIGNATIONS: topicName.default(DEFAULT_TOPICS.designations),
  TOPIC_SCORES: topicName.default(DEFAULT_TOPICS.scores),
  TOPIC_DLQ: topicName.default(DEFAULT_TOPICS.dlq),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'expected redis://host:port[/db] or rediss://...')
    .default('redis://127.0.0.1:6379'),
  REDIS_CLUSTER_NODES: clusterNodes.optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, '1..64 chars of [A-Za-z0-9:._-], e.g. capscore:')
    .default('capscore:'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: port.default(3000),
  SCORER_HTTP_PORT: port.default(3001),
  API_KEY: z.string().min(16, 'API keys shorter than 16 characters are guessable').optional(),
  TOKEN_SIGNING_KEYS: signingKeys.optional(),
  CAPSCORE_CLOCK: instant.optional(),
  // One program file, or several versions of one program (each with its effectiveFrom), comma-separated.
  CAPSCORE_PROGRAM: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x.length > 0),
    )
    .pipe(z.array(z.string()).min(1, 'expected a program file, or several comma-separated'))
    .optional(),
  SCORER_MAX_BATCH_EVENTS: positiveInt.max(500_000).default(100_000),
  SCORER_TIMER_INTERVAL_MS: positiveInt.max(3_600_000).default(1000),
  SCORER_WARM_UP_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // A fault hook for the crash tests, off by default: holds each publish before the Kafka send
  // and again before the outbox acknowledgement, so a kill can land in either window on any machine.
  SCORER_FAULT_PUBLISH_DELAY_MS: z.coerce.number().int().min(0).max(10_000).default(0),
  // How long a scorer that met a fatal failure (failures/failure-policy.ts) keeps answering
  // readiness with the cause before it exits with the cause's code.
  SCORER_FATAL_EXIT_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  // A fault hook for the processing-error test, unset by default: every evaluation of this one
  // partner throws, as a scoring bug would. Only configuration can set it, never an input record.
  SCORER_FAULT_FAIL_PARTNER: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'a partnerId (1..64 chars of [A-Za-z0-9._:-])')
    .optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // JSON lines for log shippers by default; `pretty` (one coloured line per entry) for a terminal.
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
});
