import type { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { loadConfig } from '@app/config';
import { createLogger } from './create-logger.js';
import { httpLogOptions } from './request-logging.js';

/**
 * nestjs-pino for a Nest app (register it once, in the app's root module; bootstrap with
 * `bufferLogs: true` and `app.useLogger(app.get(Logger))`): Nest's own lines, every
 * `new Logger(context)` and kafkajs go through the one pino logger of the process, configured
 * by LOG_LEVEL and LOG_FORMAT.
 *
 * Without `requestLogs` (the scorer and the subscriber, whose HTTP serves probes and metrics) no
 * request middleware is installed at all: nestjs-pino's middleware runs every request inside an
 * AsyncLocalStorage, and the first such request switches on Node's promise hooks for the rest of
 * the process. In the scorer, whose every record goes through several promises, that cost about
 * 2 % of its CPU (docs/benchmarks.md, round 8) for request fields on lines nobody logs.
 */
export function loggingModule(
  app: string,
  options: { requestLogs: boolean; destination?: DestinationStream },
): DynamicModule {
  return LoggerModule.forRootAsync({
    useFactory: () => {
      // The same cached object the app's main validated before Nest started.
      const config = loadConfig();
      const logger = createLogger({
        app,
        level: config.logLevel,
        format: config.logFormat,
        destination: options.destination,
      });
      return {
        pinoHttp: { logger, ...httpLogOptions(options.requestLogs) },
        ...(options.requestLogs ? {} : { forRoutes: [] }),
      };
    },
  });
}
