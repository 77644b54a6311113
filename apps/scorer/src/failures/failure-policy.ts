import { classifyKafkaError, type KafkaFatalCause } from '@app/kafka';
import { classifyRedisError, type RedisFatalCause } from '@app/redis';

/** Causes that stop the scorer: retrying cannot fix them, only an operator can. */
export type FatalCause = RedisFatalCause | KafkaFatalCause;

/**
 * A failure of a unit, a timer round or the consumer, as the scorer treats it: `transient` is
 * retried with jittered backoff and counted (reason = the metric's label); `fatal` stops the
 * scorer with its cause's exit code; `unknown` (not recognisably Redis's or Kafka's, e.g. a
 * bug outside per-partner scoring) is retried like a transient one, as before classification.
 */
export type Failure =
  { kind: 'transient'; reason: string } | { kind: 'fatal'; cause: FatalCause } | { kind: 'unknown' };

/**
 * The scorer's exit codes, one per class, so a supervisor (or a person reading `kubectl get
 * pods`) tells "fix the credentials" from "create the topic" without reading logs. 78 is
 * EX_CONFIG of sysexits.h; the fatal classes take 80-84, outside the codes Node itself uses
 * (1, 7, 9-14; 128+n for a signal). docs/operations.md has the table.
 */
export const EXIT_CODES = {
  'start-up-failed': 1,
  config: 78,
  'redis-not-cluster-client': 80,
  'redis-auth': 81,
  'kafka-missing-topic': 82,
  'kafka-authentication': 83,
  'kafka-authorization': 84,
} as const satisfies Record<FatalCause | 'start-up-failed' | 'config', number>;

/** What each fatal cause means, for the message the scorer logs and readiness reports. */
export const FATAL_MEANINGS: Record<FatalCause, string> = {
  'redis-not-cluster-client':
    'the Redis server is a Redis Cluster node but the scorer uses a one-server client (set REDIS_CLUSTER_NODES)',
  'redis-auth':
    'Redis refused the credentials or the ACL denies a command (REDIS_URL user/password, ACL rules)',
  'kafka-missing-topic': 'a configured Kafka topic does not exist (create it, or fix the TOPIC_* settings)',
  'kafka-authentication': 'Kafka refused the SASL credentials or mechanism (KAFKA_SASL_*)',
  'kafka-authorization': 'a Kafka ACL denies the scorer a topic, its consumer group or the cluster',
};

/** Classifies any error the scorer meets; Redis's and Kafka's classifiers decide what they know. */
export function classifyFailure(error: unknown, { redisCluster }: { redisCluster: boolean }): Failure {
  const known = classifyRedisError(error, { cluster: redisCluster }) ?? classifyKafkaError(error);
  if (!known) return { kind: 'unknown' };
  return known.kind === 'fatal' ? known : { kind: 'transient', reason: known.reason };
}

/** Thrown to stop retrying: the scorer is exiting with `cause`'s code. */
export class FatalFailure extends Error {
  constructor(
    readonly fatalCause: FatalCause,
    readonly detail: string,
  ) {
    super(`${fatalCause}: ${FATAL_MEANINGS[fatalCause]} (${detail})`);
    this.name = 'FatalFailure';
  }
}

/** `name: message` of an error, never its stack (logs and readiness must not carry stacks). */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
