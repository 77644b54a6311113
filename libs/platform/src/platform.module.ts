import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { loadConfig, type CapscoreConfig } from '@app/config';
import { createKafka, type KafkaClient } from '@app/kafka';
import {
  ClockStore,
  connectRedis,
  createRedis,
  PartnerHistoryStore,
  PartnerStore,
  RedisKeys,
  ScorerRegistry,
  StoreHealth,
  type RedisClient,
} from '@app/redis';
import { PinoLogger } from 'nestjs-pino';
import { ClockService } from './clock.service.js';
import { MetricsService } from './metrics.service.js';
import { programAt, type ProgramSchedule } from '@app/scoring';
import { loadProgramSchedule } from './program.loader.js';
import { CONFIG, KAFKA, PROGRAM, PROGRAM_SCHEDULE, REDIS } from './tokens.js';

/**
 * Shared wiring for both apps: the validated config, the program and its scheduled versions, Redis, the Kafka client,
 * the clock and the metrics registry. Construction fails fast on bad configuration.
 */
@Global()
@Module({
  providers: [
    { provide: CONFIG, useFactory: (): CapscoreConfig => loadConfig() },
    {
      provide: PROGRAM_SCHEDULE,
      useFactory: (config: CapscoreConfig) => loadProgramSchedule(config),
      inject: [CONFIG],
    },
    // The version in force when the app starts: what routes that only list designations or read a
    // threshold use (the scorer and the scores route follow the schedule instant by instant).
    {
      provide: PROGRAM,
      useFactory: (config: CapscoreConfig, schedule: ProgramSchedule) =>
        programAt(schedule, config.fixedClock ?? Date.now()),
      inject: [CONFIG, PROGRAM_SCHEDULE],
    },
    {
      provide: REDIS,
      useFactory: (config: CapscoreConfig) => reportConnectionState(createRedis(config.redis)),
      inject: [CONFIG],
    },
    // kafkajs writes through the app's pino logger (the app registers loggingModule from @app/logging).
    {
      provide: KAFKA,
      useFactory: (config: CapscoreConfig, log: PinoLogger): KafkaClient =>
        createKafka({ ...config.kafka }, log.logger),
      inject: [CONFIG, PinoLogger],
    },
    {
      provide: RedisKeys,
      useFactory: (config: CapscoreConfig) => new RedisKeys(config.redis.keyPrefix),
      inject: [CONFIG],
    },
    {
      provide: PartnerStore,
      useFactory: (redis: RedisClient, keys: RedisKeys) => new PartnerStore(redis, keys),
      inject: [REDIS, RedisKeys],
    },
    {
      provide: PartnerHistoryStore,
      useFactory: (redis: RedisClient, keys: RedisKeys) => new PartnerHistoryStore(redis, keys),
      inject: [REDIS, RedisKeys],
    },
    {
      provide: ClockStore,
      useFactory: (redis: RedisClient, keys: RedisKeys) => new ClockStore(redis, keys),
      inject: [REDIS, RedisKeys],
    },
    {
      provide: ScorerRegistry,
      useFactory: (redis: RedisClient, keys: RedisKeys) => new ScorerRegistry(redis, keys),
      inject: [REDIS, RedisKeys],
    },
    { provide: StoreHealth, useFactory: (redis: RedisClient) => new StoreHealth(redis), inject: [REDIS] },
    ClockService,
    MetricsService,
  ],
  exports: [
    CONFIG,
    PROGRAM,
    PROGRAM_SCHEDULE,
    REDIS,
    KAFKA,
    RedisKeys,
    PartnerStore,
    PartnerHistoryStore,
    ClockStore,
    ScorerRegistry,
    StoreHealth,
    ClockService,
    MetricsService,
  ],
})
export class PlatformModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly clock: ClockService,
  ) {}

  async onModuleInit(): Promise<void> {
    await connectRedis(this.redis);
    await this.clock.init();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Logs a Redis outage once when it starts and once when it ends, as `name: message`. Without an
 * `error` listener ioredis prints every failed reconnect (several a second) with a stack trace;
 * callers already see failed commands through their own rejections.
 */
function reportConnectionState(redis: RedisClient): RedisClient {
  const logger = new Logger('redis');
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn(`connection lost: ${error.name}: ${error.message}`);
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.log('connection restored');
  });
  // A cluster also reports each node's connection errors (a master that died, before its replica
  // is promoted and the slots move); once a minute per node is enough to name it.
  const nodeLogged = new Map<string, number>();
  redis.on('node error', (error: Error, node: string) => {
    const last = nodeLogged.get(node) ?? 0;
    if (Date.now() - last < 60_000) return;
    nodeLogged.set(node, Date.now());
    logger.warn(`node ${node}: ${error.name}: ${error.message}`);
  });
  return redis;
}
