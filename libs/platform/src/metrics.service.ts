import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one process (each scorer instance and the api are scraped separately). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly eventsApplied = new Counter({
    name: 'capscore_events_applied_total',
    help: 'Valid input events applied to partner aggregates, by topic',
    labelNames: ['topic'],
    registers: [this.registry],
  });
  readonly dlqRecords = new Counter({
    name: 'capscore_dlq_records_total',
    help: 'Records sent to the dead-letter topic, by error code',
    labelNames: ['code'],
    registers: [this.registry],
  });
  readonly unknownReferences = new Counter({
    name: 'capscore_unknown_references_total',
    help: 'Applied events naming a certification or workload the program does not know, by kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly transitions = new Counter({
    name: 'capscore_designation_transitions_total',
    help: 'Designation lifecycle transitions committed, by type',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly unchangedPartners = new Counter({
    name: 'capscore_unchanged_partners_total',
    help: 'Partners whose events were all redelivered or superseded: no evaluation and no write',
    registers: [this.registry],
  });
  readonly unreadPartners = new Counter({
    name: 'capscore_partner_reads_skipped_total',
    help: 'Partner updates that skipped reading Redis: held decoded with an outbox this process emptied (the commit guard checks the version)',
    registers: [this.registry],
  });
  readonly reusedScores = new Counter({
    name: 'capscore_designation_scores_reused_total',
    help: "Designation scores kept from the partner's last evaluation because no input of theirs changed (not re-scored)",
    registers: [this.registry],
  });
  readonly commitConflicts = new Counter({
    name: 'capscore_commit_conflicts_total',
    help: 'Optimistic-concurrency conflicts on partner writes (re-read and re-applied)',
    registers: [this.registry],
  });
  readonly transientFailures = new Counter({
    name: 'capscore_transient_failures_total',
    help: 'Units, timer rounds and consumer restarts retried after a transient failure, by reason (redis-connection, kafka-leader-change, ...; unknown: neither Redis nor Kafka)',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly partialSends = new Counter({
    name: 'capscore_kafka_partial_sends_total',
    help: 'Kafka sends the client reported complete while some of their partitions were not acknowledged (a leader change mid-send); those partitions were sent again',
    registers: [this.registry],
  });
  readonly processingErrors = new Counter({
    name: 'capscore_processing_errors_total',
    help: 'Partner evaluations that threw: on the event path their records are dead-lettered (processing-error), on the timer path the timer is retried later',
    labelNames: ['path'],
    registers: [this.registry],
  });
  readonly consumerLag = new Gauge({
    name: 'capscore_consumer_lag',
    help: 'Records not yet committed by the scorer group, per topic partition',
    labelNames: ['topic', 'partition'],
    registers: [this.registry],
  });
  readonly evaluationSeconds = new Histogram({
    name: 'capscore_evaluation_seconds',
    help: 'Time to apply events and score one partner',
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1],
    registers: [this.registry],
  });
  readonly redisSeconds = new Histogram({
    name: 'capscore_redis_script_seconds',
    help: 'Latency of the Redis load + commit round trips of one batch',
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1],
    registers: [this.registry],
  });
  readonly batchEvents = new Histogram({
    name: 'capscore_batch_events',
    help: 'Records per processed batch',
    buckets: [1, 10, 100, 500, 1000, 5000, 20000],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'capscore_process_' });
  }
}
