import { Controller, Get, Header, HttpException, Inject } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { assertTopicsExist, type KafkaClient } from '@app/kafka';
import { CONFIG, KAFKA, MetricsService } from '@app/platform';
import { ScorerRegistry, StoreHealth } from '@app/redis';

interface Readiness {
  redis: boolean;
  /** What fails in Redis, each naming its node (`127.0.0.1:7101 (master): ...`); only when something does. */
  redisProblems?: string[];
  kafka: boolean;
  consumerAssigned: boolean;
}

@Controller()
export class HealthController {
  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    @Inject(KAFKA) private readonly kafka: KafkaClient,
    private readonly store: StoreHealth,
    private readonly scorers: ScorerRegistry,
    private readonly metrics: MetricsService,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready = Redis answers, Kafka answers with our topics, and some scorer owns partitions. */
  @Get('health/ready')
  async ready(): Promise<{ status: 'ok' } & Readiness> {
    const health = await this.store.check();
    const redis = health.ok;
    const kafka = await assertTopicsExist(this.kafka, [this.config.topics.certifications]).then(
      () => true,
      () => false,
    );
    const consumerAssigned = redis && (await this.anyScorerAssigned());
    const state = {
      redis,
      ...(health.problems.length > 0 ? { redisProblems: health.problems } : {}),
      kafka,
      consumerAssigned,
    };
    if (!redis || !kafka || !consumerAssigned) {
      throw new HttpException({ status: 'unavailable', ...state }, 503);
    }
    return { status: 'ok', ...state };
  }

  private async anyScorerAssigned(): Promise<boolean> {
    return (await this.scorers.live(Date.now())).some((scorer) => scorer.shards.length > 0);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
