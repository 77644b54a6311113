import { ReplyError } from 'ioredis';
import { classifyRedisError, RedisNotClusterClientError } from './redis-errors.js';

/** A server's error reply, as ioredis rejects a command with it (ioredis types ReplyError as any). */
const ServerReply = ReplyError as new (message: string) => Error;
const reply = (text: string): Error => new ServerReply(text);
const single = { cluster: false };
const cluster = { cluster: true };

describe('classifyRedisError', () => {
  it.each([
    ['LOADING Redis is loading the dataset in memory', 'redis-loading'],
    ['TRYAGAIN Multiple keys request during rehashing of slot', 'redis-cluster-down'],
    ['CLUSTERDOWN The cluster is down', 'redis-cluster-down'],
    ["READONLY You can't write against a read only replica.", 'redis-failover'],
    ['MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no', 'redis-failover'],
    ['BUSY Redis is busy running a script.', 'redis-busy'],
  ])('"%s" is transient (%s)', (text, reason) => {
    expect(classifyRedisError(reply(text), single)).toEqual({ kind: 'transient', reason });
  });

  it.each([
    'NOAUTH Authentication required.',
    'WRONGPASS invalid username-password pair or user is disabled.',
    "NOPERM this user has no permissions to run the 'evalsha' command",
  ])('"%s" is fatal (redis-auth)', (text) => {
    expect(classifyRedisError(reply(text), single)).toEqual({ kind: 'fatal', cause: 'redis-auth' });
    expect(classifyRedisError(reply(text), cluster)).toEqual({ kind: 'fatal', cause: 'redis-auth' });
  });

  it('MOVED and ASK are slots moving for a cluster client, and a wrong client for a one-server client', () => {
    expect(classifyRedisError(reply('MOVED 8797 127.0.0.1:7101'), cluster)).toEqual({
      kind: 'transient',
      reason: 'redis-redirect',
    });
    expect(classifyRedisError(reply('ASK 8797 127.0.0.1:7101'), cluster)).toEqual({
      kind: 'transient',
      reason: 'redis-redirect',
    });
    expect(classifyRedisError(reply('MOVED 8797 127.0.0.1:7101'), single)).toEqual({
      kind: 'fatal',
      cause: 'redis-not-cluster-client',
    });
    expect(
      classifyRedisError(
        new RedisNotClusterClientError('the Redis at 127.0.0.1:7100 is a node of a Redis Cluster'),
        single,
      ),
    ).toEqual({ kind: 'fatal', cause: 'redis-not-cluster-client' });
  });

  it.each([
    ['connect ECONNREFUSED 127.0.0.1:6379', 'redis-connection'],
    ['read ECONNRESET', 'redis-connection'],
    ['Connection is closed.', 'redis-connection'],
    ["Stream isn't writeable and enableOfflineQueue options is false", 'redis-connection'],
    [
      'Reached the max retries per request limit (which is 3). Refer to "maxRetriesPerRequest" option for details.',
      'redis-connection',
    ],
    ['Failed to refresh slots cache.', 'redis-connection'],
    ['connect ETIMEDOUT', 'redis-timeout'],
    ['Command timed out', 'redis-timeout'],
  ])('client-side "%s" is transient (%s)', (text, reason) => {
    expect(classifyRedisError(new Error(text), cluster)).toEqual({ kind: 'transient', reason });
  });

  it('judges a cluster command by the node error it wraps, and leaves other errors to the caller', () => {
    const wrapped = Object.assign(new Error('Too many Cluster redirections. Last error: x'), {
      lastNodeError: reply('CLUSTERDOWN Hash slot not served'),
    });
    expect(classifyRedisError(wrapped, cluster)).toEqual({ kind: 'transient', reason: 'redis-cluster-down' });
    expect(
      classifyRedisError(new TypeError("Cannot read properties of undefined (reading 'months')"), single),
    ).toBeNull();
    expect(classifyRedisError(reply('ERR unknown command'), single)).toBeNull();
    expect(classifyRedisError(42, single)).toBeNull();
  });
});
