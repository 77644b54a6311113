/**
 * What a Kafka failure means to a long-running consumer: wait and retry (a broker is down, a
 * partition leader moved, the group is rebalancing), or stop, because no retry can fix it
 * (credentials refused, an ACL denies a topic or the group, a topic that does not exist). Pure:
 * reads only the error's name, kafkajs's protocol `type` and its `cause` chain.
 */
export type KafkaFailure =
  { kind: 'transient'; reason: KafkaTransientReason } | { kind: 'fatal'; cause: KafkaFatalCause };

export type KafkaTransientReason =
  | 'kafka-connection'
  | 'kafka-timeout'
  | 'kafka-leader-change'
  | 'kafka-rebalance'
  | 'kafka-replicas'
  | 'kafka-retriable';

/** Each cause has its own exit code (apps/scorer failure-policy.ts). */
export type KafkaFatalCause = 'kafka-missing-topic' | 'kafka-authentication' | 'kafka-authorization';

// Protocol error codes by name, as kafkajs reports them in `type`.
const FATAL_TYPES: Record<string, KafkaFatalCause> = {
  TOPIC_AUTHORIZATION_FAILED: 'kafka-authorization',
  GROUP_AUTHORIZATION_FAILED: 'kafka-authorization',
  CLUSTER_AUTHORIZATION_FAILED: 'kafka-authorization',
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: 'kafka-authorization',
  SASL_AUTHENTICATION_FAILED: 'kafka-authentication',
  UNSUPPORTED_SASL_MECHANISM: 'kafka-authentication',
  ILLEGAL_SASL_STATE: 'kafka-authentication',
};

const TRANSIENT_TYPES: Record<string, KafkaTransientReason> = {
  NOT_LEADER_FOR_PARTITION: 'kafka-leader-change',
  NOT_LEADER_OR_FOLLOWER: 'kafka-leader-change',
  LEADER_NOT_AVAILABLE: 'kafka-leader-change',
  PREFERRED_LEADER_NOT_AVAILABLE: 'kafka-leader-change',
  FENCED_LEADER_EPOCH: 'kafka-leader-change',
  UNKNOWN_LEADER_EPOCH: 'kafka-leader-change',
  // A partition whose leader moved answers this until the client's metadata catches up; a topic
  // that really is gone is caught at start-up (assertTopicsExist) and by the consumer's crash.
  UNKNOWN_TOPIC_OR_PARTITION: 'kafka-leader-change',
  NOT_COORDINATOR: 'kafka-rebalance',
  COORDINATOR_NOT_AVAILABLE: 'kafka-rebalance',
  COORDINATOR_LOAD_IN_PROGRESS: 'kafka-rebalance',
  REBALANCE_IN_PROGRESS: 'kafka-rebalance',
  NOT_ENOUGH_REPLICAS: 'kafka-replicas',
  NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'kafka-replicas',
  REQUEST_TIMED_OUT: 'kafka-timeout',
  NETWORK_EXCEPTION: 'kafka-connection',
};

const TRANSIENT_NAMES: Record<string, KafkaTransientReason> = {
  KafkaJSConnectionError: 'kafka-connection',
  KafkaJSConnectionClosedError: 'kafka-connection',
  KafkaJSBrokerNotFound: 'kafka-connection',
  KafkaJSMetadataNotLoaded: 'kafka-leader-change',
  KafkaJSTopicMetadataNotLoaded: 'kafka-leader-change',
  KafkaJSStaleTopicMetadataAssignment: 'kafka-rebalance',
  KafkaJSGroupCoordinatorNotFound: 'kafka-rebalance',
  KafkaJSRequestTimeoutError: 'kafka-timeout',
  KafkaJSTimeout: 'kafka-timeout',
  KafkaJSLockTimeout: 'kafka-timeout',
  // Partitions of a send still unacknowledged after the re-sends (partition-acks.ts): leaders moving.
  KafkaPartialSendError: 'kafka-leader-change',
};

/**
 * Classifies an error met while talking to Kafka; null for an error that is not recognisably
 * Kafka's (the caller decides). kafkajs wraps the error that exhausted its own retries
 * (KafkaJSNumberOfRetriesExceeded, `cause`): the innermost known one decides.
 */
export function classifyKafkaError(error: unknown): KafkaFailure | null {
  if (!(error instanceof Error)) return null;
  const nested = (error as { cause?: unknown }).cause;
  const inner = nested !== undefined && nested !== error ? classifyKafkaError(nested) : null;
  if (inner) return inner;
  if (error.name === 'MissingTopicsError') return { kind: 'fatal', cause: 'kafka-missing-topic' };
  if (error.name === 'KafkaJSSASLAuthenticationError') {
    return { kind: 'fatal', cause: 'kafka-authentication' };
  }
  const type = (error as { type?: unknown }).type;
  if (typeof type === 'string') {
    const fatal = FATAL_TYPES[type];
    if (fatal) return { kind: 'fatal', cause: fatal };
    const transient = TRANSIENT_TYPES[type];
    if (transient) return { kind: 'transient', reason: transient };
  }
  const byName = TRANSIENT_NAMES[error.name];
  if (byName) return { kind: 'transient', reason: byName };
  // Any other error kafkajs itself marks retriable (e.g. a protocol error not named above).
  if (error.name.startsWith('KafkaJS') && (error as { retriable?: unknown }).retriable === true) {
    return { kind: 'transient', reason: 'kafka-retriable' };
  }
  return null;
}
