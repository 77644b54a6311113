import { Histogram, type Registry } from 'prom-client';
import type { ConsumedRecord } from '@app/kafka';

export type LatencyStage = 'applied' | 'published';

/**
 * Time from a record's Kafka timestamp (the producer's CreateTime) to the moment its effect is
 * committed to Redis (`applied`) and its outbox acknowledged by Kafka (`published`). Meaningful
 * when producers and scorers share a clock (the benchmark); buckets are fine below 100 ms,
 * where the latency target is, and coarse above.
 */
export class RecordLatency {
  private readonly stages: Record<LatencyStage, { observe(seconds: number): void }>;

  constructor(registry: Registry) {
    const histogram = new Histogram({
      name: 'capscore_record_latency_seconds',
      help: 'Record timestamp to its effect applied in Redis / published to Kafka',
      labelNames: ['stage'],
      buckets: [
        0.002, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.125, 0.15,
        0.2, 0.3, 0.5, 1, 2, 5, 10, 30, 60, 300,
      ],
      registers: [registry],
    });
    this.stages = {
      applied: histogram.labels({ stage: 'applied' }),
      published: histogram.labels({ stage: 'published' }),
    };
  }

  observe(stage: LatencyStage, records: readonly ConsumedRecord[], at = Date.now()): void {
    const child = this.stages[stage];
    for (const r of records) {
      const ts = Number(r.timestamp);
      if (Number.isFinite(ts) && ts > 0) child.observe(Math.max(0, at - ts) / 1000);
    }
  }
}
