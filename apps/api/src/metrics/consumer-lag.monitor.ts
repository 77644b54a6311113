import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { consumerLag, type KafkaClient } from '@app/kafka';
import { CONFIG, KAFKA, MetricsService } from '@app/platform';

/**
 * How often the api recomputes the scorer group's lag. Prometheus scrapes every 15-60 s by
 * default; 5 s keeps the gauge fresh for any such interval while costing one admin round trip
 * (offsets of 3 topics) per period, whatever the number of scrapers.
 */
const LAG_INTERVAL_MS = 5_000;

/**
 * Sets `capscore_consumer_lag{topic,partition}`: for each input topic partition, the records the
 * scorer group (KAFKA_GROUP_ID) has not committed yet. Computed here rather than in each scorer,
 * so the number is one per partition however many scorers run (and known while none does).
 */
@Injectable()
export class ConsumerLagMonitor implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('consumer-lag');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private failing = false;

  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    @Inject(KAFKA) private readonly kafka: KafkaClient,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    const tick = () => {
      this.running ??= this.refresh().finally(() => (this.running = undefined));
    };
    tick();
    this.timer = setInterval(tick, LAG_INTERVAL_MS);
    this.timer.unref();
  }

  /** A measurement in flight is only a read; shutdown does not wait for it (kafkajs may be retrying). */
  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One measurement; a broker outage keeps the last values and logs once until it recovers. */
  async refresh(): Promise<void> {
    const { certifications, revenue, customerSuccess } = this.config.topics;
    try {
      const lags = await consumerLag(this.kafka, this.config.kafka.groupId, [
        certifications,
        revenue,
        customerSuccess,
      ]);
      this.metrics.consumerLag.reset();
      lags.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      for (const { topic, partition, lag } of lags) {
        this.metrics.consumerLag.set({ topic, partition: String(partition) }, lag);
      }
      if (this.failing) this.logger.log('consumer lag measured again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`cannot measure consumer lag: ${(error as Error).message}`);
      this.failing = true;
    }
  }
}
