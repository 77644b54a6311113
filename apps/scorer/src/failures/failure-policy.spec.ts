import { MissingTopicsError } from '@app/kafka';
import { RedisNotClusterClientError } from '@app/redis';
import { classifyFailure, EXIT_CODES, FATAL_MEANINGS, FatalFailure } from './failure-policy.js';

describe('failure policy', () => {
  it('gives every stop a distinct exit code, none of them 0 or a signal exit', () => {
    const codes = Object.values(EXIT_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code > 0 && code < 128).toBe(true);
    // Every fatal cause has an exit code and a meaning.
    expect(Object.keys(FATAL_MEANINGS).every((cause) => cause in EXIT_CODES)).toBe(true);
  });

  it('lets the Redis and Kafka classifiers decide, and calls anything else unknown', () => {
    expect(
      classifyFailure(new Error('LOADING Redis is loading the dataset in memory'), { redisCluster: false }),
    ).toEqual({ kind: 'transient', reason: 'redis-loading' });
    expect(classifyFailure(new Error('MOVED 1 127.0.0.1:7101'), { redisCluster: false })).toEqual({
      kind: 'fatal',
      cause: 'redis-not-cluster-client',
    });
    expect(classifyFailure(new RedisNotClusterClientError('cluster node'), { redisCluster: false })).toEqual({
      kind: 'fatal',
      cause: 'redis-not-cluster-client',
    });
    expect(classifyFailure(new MissingTopicsError(['t']), { redisCluster: true })).toEqual({
      kind: 'fatal',
      cause: 'kafka-missing-topic',
    });
    expect(
      classifyFailure(new RangeError('partners still conflicting after 50 rounds'), { redisCluster: true }),
    ).toEqual({ kind: 'unknown' });
  });

  it('names the cause, what it means and what happened in the message', () => {
    const failure = new FatalFailure(
      'redis-auth',
      'start-up: ReplyError: WRONGPASS invalid username-password pair',
    );
    expect(failure.message).toBe(
      `redis-auth: ${FATAL_MEANINGS['redis-auth']} (start-up: ReplyError: WRONGPASS invalid username-password pair)`,
    );
    expect(failure.fatalCause).toBe('redis-auth');
  });
});
