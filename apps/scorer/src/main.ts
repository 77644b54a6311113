import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';
import { classifyFailure, describeError, EXIT_CODES, FatalFailure } from './failures/failure-policy.js';
import { startScorer } from './scorer.bootstrap.js';

let redisCluster = false;
try {
  const config = loadConfig();
  redisCluster = config.redis.cluster !== undefined;
  await startScorer(config);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`capscore scorer: ${error.message}\n`);
    process.exit(EXIT_CODES.config);
  }
  // Before the HTTP server listens (e.g. Redis refusing the credentials while the modules
  // start) there is no readiness to report on: the message and the exit code say it.
  const failure = classifyFailure(error, { redisCluster });
  if (failure.kind === 'fatal') {
    process.stderr.write(
      `capscore scorer: ${new FatalFailure(failure.cause, `start-up: ${describeError(error)}`).message}\n`,
    );
    process.exit(EXIT_CODES[failure.cause]);
  }
  process.stderr.write(
    `capscore scorer failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(EXIT_CODES['start-up-failed']);
}
