import { Redis, type RedisOptions, type Result } from 'ioredis';
import { LUA_SCRIPTS } from './lua/scripts.generated.js';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    commitPartner(
      stateKey: string,
      outboxKey: string,
      expectedVersion: string,
      lifecycle: string,
      fieldsToSet: string,
      fieldsToDelete: string,
      ...fieldsThenOutbox: (string | Buffer)[]
    ): Result<number, Context>;
    ackOutbox(outboxKey: string, ...entrySha1s: string[]): Result<number, Context>;
    loadPartnerBuffer(stateKey: string, outboxKey: string, heldVersion: string): Result<Buffer[], Context>;
  }
}

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    // Commands issued in the same tick travel in one round trip: a batch of partners costs
    // one network exchange per step without hand-written pipelines (and it works on Cluster).
    enableAutoPipelining: true,
    maxRetriesPerRequest: 3,
    lazyConnect: true,
    ...options,
  });
  // Scripts are registered once per connection; ioredis sends EVALSHA and falls back to EVAL.
  redis.defineCommand('commitPartner', { numberOfKeys: LUA_SCRIPTS.commitPartner.numberOfKeys, lua: LUA_SCRIPTS.commitPartner.lua });
  redis.defineCommand('ackOutbox', { numberOfKeys: LUA_SCRIPTS.ackOutbox.numberOfKeys, lua: LUA_SCRIPTS.ackOutbox.lua });
  redis.defineCommand('loadPartner', { numberOfKeys: LUA_SCRIPTS.loadPartner.numberOfKeys, lua: LUA_SCRIPTS.loadPartner.lua });
  return redis;
}
