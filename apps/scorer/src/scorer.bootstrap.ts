import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { closeOnSignals } from '@app/platform';
import type { CapscoreConfig } from '@app/config';
import { CONFIG } from '@app/platform';
import { InputConsumerService } from './consumer/input-consumer.service.js';
import { classifyFailure, describeError } from './failures/failure-policy.js';
import { ScorerFailures } from './failures/scorer-failures.service.js';
import { RecoveryService } from './recovery.service.js';
import { ScorerModule } from './scorer.module.js';
import { ScorerStatusService } from './status.service.js';
import { TimerService } from './timers/timer.service.js';
import { WarmUpService } from './warm-up.service.js';

/** Starts a scorer: recovery of pending outboxes, a warm-up, then the consumer, timers and heartbeat. */
export async function startScorer(config: CapscoreConfig): Promise<INestApplication> {
  // Lines logged while the modules start are held until the pino logger (libs/logging) takes over.
  const app = await NestFactory.create(ScorerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  closeOnSignals(app);
  await app.listen(config.scorer.httpPort, config.http.host);
  if (app.get<CapscoreConfig>(CONFIG) !== config) {
    // The platform module reads the same cached config object; a mismatch would be a wiring bug.
    throw new Error('scorer started with a config object other than the cached one');
  }
  try {
    // First, before recovery and warm-up publish or read metadata: kafkajs would retry a
    // missing topic's metadata for minutes instead of saying so.
    await app.get(InputConsumerService).checkTopics();
    await app.get(RecoveryService).publishPendingOutboxes();
    await app.get(WarmUpService).run();
    await app.get(InputConsumerService).start();
  } catch (error) {
    // The HTTP server is up: a fatal failure (a missing topic, an ACL) is reported by readiness
    // until the scorer exits with its code; anything else fails the start as before.
    const failure = classifyFailure(error, { redisCluster: config.redis.cluster !== undefined });
    if (failure.kind !== 'fatal') throw error;
    app.get(ScorerFailures).stop(failure.cause, `start-up: ${describeError(error)}`);
    return app;
  }
  app.get(TimerService).start();
  app.get(ScorerStatusService).start();
  return app;
}
