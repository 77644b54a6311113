import type { INestApplicationContext } from '@nestjs/common';

/**
 * SIGTERM / SIGINT close the app (consumers finish and commit, producers flush, Redis quits)
 * and exit 0. Nest's own shutdown hooks re-raise the signal after closing, which makes a clean
 * stop look like a kill to supervisors; a second signal while closing forces exit 1. The start
 * and the end of a graceful stop are one stderr line each, whatever the log level.
 */
export function closeOnSignals(app: INestApplicationContext): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      process.stderr.write(`${signal} again while closing: exiting now\n`);
      process.exit(1);
    }
    closing = true;
    process.stderr.write(`${signal}: closing (finishing the work in hand)\n`);
    app.close().then(
      () => {
        process.stderr.write('closed: exiting 0\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(
          `error while closing: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
