import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CapscoreConfig } from '@app/config';
import { CONFIG, MetricsService } from '@app/platform';
import {
  classifyFailure,
  describeError,
  EXIT_CODES,
  FatalFailure,
  type FatalCause,
} from './failure-policy.js';

/** The fatal failure the scorer is stopping for, as readiness reports it. */
export interface FatalState {
  cause: FatalCause;
  exitCode: number;
  message: string;
}

/**
 * Where every retried failure of the scorer goes (units, timer rounds, consumer crashes): a
 * transient one is counted by reason and retried by its caller; a fatal one makes readiness
 * report it, then the process exits after SCORER_FATAL_EXIT_DELAY_MS with its class's exit code
 * (failure-policy.ts). The delay lets a readiness probe or a person see why before it goes.
 */
@Injectable()
export class ScorerFailures {
  private readonly logger = new Logger('failures');
  private state?: FatalState;

  constructor(
    @Inject(CONFIG) private readonly config: CapscoreConfig,
    private readonly metrics: MetricsService,
  ) {}

  get fatal(): FatalState | undefined {
    return this.state;
  }

  /**
   * A failure that its caller will retry: counted under its reason ("unknown" for an error that
   * is neither Redis's nor Kafka's). Throws FatalFailure, after scheduling the exit, when the
   * failure is one that retrying cannot fix.
   */
  retrying(error: unknown, where: string): void {
    if (error instanceof FatalFailure) throw error;
    const failure = classifyFailure(error, { redisCluster: this.config.redis.cluster !== undefined });
    if (failure.kind === 'fatal') throw this.stop(failure.cause, `${where}: ${describeError(error)}`);
    this.metrics.transientFailures.inc({ reason: failure.kind === 'transient' ? failure.reason : 'unknown' });
  }

  /** Reports `cause` (readiness, log), schedules the exit once, and returns the error to throw. */
  stop(cause: FatalCause, detail: string): FatalFailure {
    const failure = new FatalFailure(cause, detail);
    if (this.state) return failure;
    const exitCode = EXIT_CODES[cause];
    this.state = { cause, exitCode, message: failure.message };
    const delayMs = this.config.scorer.fatalExitDelayMs;
    this.logger.error(
      `fatal, retrying cannot fix this: ${failure.message}; exiting with code ${exitCode} in ${delayMs} ms`,
    );
    setTimeout(() => {
      process.stderr.write(`capscore scorer: ${failure.message}\n`);
      process.exit(exitCode);
    }, delayMs);
    return failure;
  }
}
