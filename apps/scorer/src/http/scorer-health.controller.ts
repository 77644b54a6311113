import { Controller, Get, Header, HttpCode, HttpException } from '@nestjs/common';
import { MetricsService } from '@app/platform';
import { StoreHealth } from '@app/redis';
import { InputConsumerService } from '../consumer/input-consumer.service.js';
import { ScorerFailures } from '../failures/scorer-failures.service.js';

@Controller()
export class ScorerHealthController {
  constructor(
    private readonly store: StoreHealth,
    private readonly consumer: InputConsumerService,
    private readonly metrics: MetricsService,
    private readonly failures: ScorerFailures,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ok'; shards: number[] }> {
    // A scorer stopping for a fatal failure says why until it exits (docs/operations.md).
    const fatal = this.failures.fatal;
    if (fatal) throw new HttpException({ status: 'stopping', fatal }, 503);
    const health = await this.store.check();
    if (!health.ok || !this.consumer.assigned) {
      const redisProblems = health.problems.length > 0 ? { redisProblems: health.problems } : {};
      throw new HttpException(
        {
          status: 'unavailable',
          redis: health.ok,
          ...redisProblems,
          consumerAssigned: this.consumer.assigned,
        },
        503,
      );
    }
    return { status: 'ok', shards: this.consumer.ownedShards };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async prometheus(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
