import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/**
 * The subscriber's own settings (the shared ones, KAFKA_* / TOPIC_DESIGNATIONS / REDIS_URL, come
 * from libs/config). Kept here, not in libs/config: the subscriber is an example app that a
 * subscriber team copies, and capscore's services never read these.
 */
export const SubscriberEnv = z.object({
  SUBSCRIBER_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  SUBSCRIBER_GROUP_ID: z.string().min(1).default('capscore-subscriber-webhook'),
  SUBSCRIBER_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, '1..64 chars of [A-Za-z0-9:._-]')
    .default('capscore-subscriber:'),
  // Kafka's default retention is 7 days: a consumer-group reset or a re-publish can only bring
  // back events from that window, so remembering deliveries as long makes any replay harmless.
  SUBSCRIBER_DEDUPE_TTL_S: positiveInt.default(7 * 24 * 3600),
  SUBSCRIBER_TIMEOUT_MS: positiveInt.max(300_000).default(10_000),
  SUBSCRIBER_RETRY_INITIAL_MS: positiveInt.max(60_000).default(200),
  SUBSCRIBER_RETRY_MAX_MS: positiveInt.max(600_000).default(30_000),
  SUBSCRIBER_FROM_BEGINNING: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export interface SubscriberSettings {
  webhookUrl: string;
  groupId: string;
  keyPrefix: string;
  dedupeTtlSeconds: number;
  timeoutMs: number;
  retry: { initialMs: number; maxMs: number };
  fromBeginning: boolean;
}

export class SubscriberSettingsError extends Error {}

export function parseSubscriberSettings(env: Record<string, string | undefined>): SubscriberSettings {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith('SUBSCRIBER_') && v !== undefined && v !== ''),
  );
  const parsed = SubscriberEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new SubscriberSettingsError(
      `invalid configuration:\n${parsed.error.issues.map((i) => `  ${String(i.path[0] ?? '(env)')}: ${i.message}`).join('\n')}`,
    );
  }
  const e = parsed.data;
  return {
    webhookUrl: e.SUBSCRIBER_WEBHOOK_URL,
    groupId: e.SUBSCRIBER_GROUP_ID,
    keyPrefix: e.SUBSCRIBER_KEY_PREFIX,
    dedupeTtlSeconds: e.SUBSCRIBER_DEDUPE_TTL_S,
    timeoutMs: e.SUBSCRIBER_TIMEOUT_MS,
    retry: { initialMs: e.SUBSCRIBER_RETRY_INITIAL_MS, maxMs: e.SUBSCRIBER_RETRY_MAX_MS },
    fromBeginning: e.SUBSCRIBER_FROM_BEGINNING,
  };
}
