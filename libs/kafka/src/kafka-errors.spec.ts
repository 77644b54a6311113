import {
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSRequestTimeoutError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { MissingTopicsError } from './admin.js';
import { classifyKafkaError } from './kafka-errors.js';

/** A protocol error as kafkajs builds it from a broker's error code (its constructor takes the code's entry). */
function protocolError(type: string, retriable: boolean): Error {
  return new KafkaJSProtocolError({
    type,
    code: 0,
    retriable,
    message: `broker says ${type}`,
  } as unknown as Error);
}

// kafkajs's typings omit the message its SASL authenticators pass.
const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;

describe('classifyKafkaError', () => {
  it.each([
    ['NOT_LEADER_OR_FOLLOWER', 'kafka-leader-change'],
    ['NOT_LEADER_FOR_PARTITION', 'kafka-leader-change'],
    ['LEADER_NOT_AVAILABLE', 'kafka-leader-change'],
    ['REBALANCE_IN_PROGRESS', 'kafka-rebalance'],
    ['COORDINATOR_LOAD_IN_PROGRESS', 'kafka-rebalance'],
    ['NOT_ENOUGH_REPLICAS', 'kafka-replicas'],
    ['REQUEST_TIMED_OUT', 'kafka-timeout'],
  ])('a broker answering %s is transient (%s)', (type, reason) => {
    expect(classifyKafkaError(protocolError(type, true))).toEqual({ kind: 'transient', reason });
  });

  it.each([
    ['TOPIC_AUTHORIZATION_FAILED', 'kafka-authorization'],
    ['GROUP_AUTHORIZATION_FAILED', 'kafka-authorization'],
    ['CLUSTER_AUTHORIZATION_FAILED', 'kafka-authorization'],
    ['SASL_AUTHENTICATION_FAILED', 'kafka-authentication'],
  ])('a broker answering %s is fatal (%s)', (type, cause) => {
    expect(classifyKafkaError(protocolError(type, false))).toEqual({ kind: 'fatal', cause });
  });

  it('connection loss and request timeouts are transient', () => {
    expect(
      classifyKafkaError(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092')),
    ).toEqual({ kind: 'transient', reason: 'kafka-connection' });
    expect(
      classifyKafkaError(new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out')),
    ).toEqual({ kind: 'transient', reason: 'kafka-timeout' });
  });

  it('SASL authentication and missing topics are fatal', () => {
    expect(
      classifyKafkaError(new SaslError('SASL SCRAM SHA256 authentication failed: invalid credentials')),
    ).toEqual({ kind: 'fatal', cause: 'kafka-authentication' });
    expect(classifyKafkaError(new MissingTopicsError(['capscore.revenue.v1']))).toEqual({
      kind: 'fatal',
      cause: 'kafka-missing-topic',
    });
  });

  it('looks through kafkajs giving up after its own retries to the error that caused it', () => {
    const authz = new KafkaJSNumberOfRetriesExceeded(protocolError('TOPIC_AUTHORIZATION_FAILED', false), {
      retryCount: 5,
      retryTime: 3000,
    });
    expect(classifyKafkaError(authz)).toEqual({ kind: 'fatal', cause: 'kafka-authorization' });
    const leader = new KafkaJSNumberOfRetriesExceeded(protocolError('NOT_LEADER_OR_FOLLOWER', true), {
      retryCount: 5,
      retryTime: 3000,
    });
    expect(classifyKafkaError(leader)).toEqual({ kind: 'transient', reason: 'kafka-leader-change' });
  });

  it('a retriable protocol error it has no name for is transient; anything not from kafkajs is not its to judge', () => {
    expect(classifyKafkaError(protocolError('THROTTLING_QUOTA_EXCEEDED', true))).toEqual({
      kind: 'transient',
      reason: 'kafka-retriable',
    });
    expect(classifyKafkaError(protocolError('INVALID_RECORD', false))).toBeNull();
    expect(classifyKafkaError(new TypeError('x is undefined'))).toBeNull();
    expect(classifyKafkaError('a string')).toBeNull();
  });
});
