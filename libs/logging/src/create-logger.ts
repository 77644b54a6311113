import { pino, stdSerializers, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import PinoPretty from 'pino-pretty';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';
export type { Logger };

export interface LoggerSettings {
  /** Which process writes the line (`scorer`, `api`, `subscriber`, `cli`, `bench`): every entry carries it. */
  app: string;
  level: LogLevel;
  format: LogFormat;
  /**
   * 1 (stdout, the default) for the long-running apps, 2 (stderr) for the CLI, whose stdout is
   * its answer, or a stream (tests read the lines). Writes to a descriptor are synchronous: a
   * process that exits right after a line still prints it.
   */
  destination?: 1 | 2 | DestinationStream;
}

/**
 * The one log format of every capscore process: pino, JSON lines with an ISO time, the level as
 * a word and the app's name, or pino-pretty's readable lines with LOG_FORMAT=pretty.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const destination = settings.destination ?? 1;
  const options: LoggerOptions = {
    level: settings.level,
    base: { app: settings.app, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: settings.level === 'debug' ? stdSerializers.err : errorWithoutStack },
  };
  if (settings.format === 'pretty') {
    return pino(
      options,
      PinoPretty({
        destination,
        sync: true,
        singleLine: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,app,context',
        messageFormat: '{if context}{context}: {end}{msg}',
      }),
    );
  }
  return pino(
    { ...options, formatters: { level: (label) => ({ level: label }) } },
    typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination,
  );
}

/**
 * An error as its type, message and code. Stack traces stay out of the logs (LOG_LEVEL=debug
 * keeps them): during a broker or Redis outage every retry would print one, which tells a log
 * reader the code's layout and an operator nothing the message does not.
 */
function errorWithoutStack(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, ...(code === undefined ? {} : { code }) };
}
