import { Writable } from 'node:stream';
import { createLogger } from './create-logger.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(line);
      done();
    },
  });
  return { lines, stream };
}

describe(createLogger.name, () => {
  it('writes JSON lines with the level as a word, an ISO time, the app and the fields', () => {
    const { lines, stream } = capture();
    createLogger({ app: 'scorer', level: 'info', format: 'json', destination: stream })
      .child({ context: 'BatchPipeline' })
      .warn({ deadLetters: 2 }, 'two dead letters');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'warn',
      app: 'scorer',
      pid: process.pid,
      context: 'BatchPipeline',
      deadLetters: 2,
      msg: 'two dead letters',
    });
    expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
  });

  it('drops lines under LOG_LEVEL', () => {
    const { lines, stream } = capture();
    const log = createLogger({ app: 'api', level: 'warn', format: 'json', destination: stream });
    log.info('hidden');
    log.error('shown');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toEqual(['shown']);
  });

  it('logs an error as type, message and code, with its stack only at debug', () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    const quiet = capture();
    createLogger({ app: 'api', level: 'info', format: 'json', destination: quiet.stream }).error(
      { err: error },
      'store down',
    );
    expect((JSON.parse(quiet.lines[0] as string) as { err: unknown }).err).toEqual({
      type: 'Error',
      message: 'connect ECONNREFUSED 127.0.0.1:6379',
      code: 'ECONNREFUSED',
    });
    expect(quiet.lines[0]).not.toContain('"stack"');
    const verbose = capture();
    createLogger({ app: 'api', level: 'debug', format: 'json', destination: verbose.stream }).error(
      { err: error },
      'store down',
    );
    expect(verbose.lines[0]).toContain('"stack"');
  });

  it('writes one readable line per entry with LOG_FORMAT=pretty', () => {
    const { lines, stream } = capture();
    createLogger({ app: 'scorer', level: 'info', format: 'pretty', destination: stream })
      .child({ context: 'kafkajs' })
      .warn({ broker: 'b:9092' }, 'Connection error');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] .*WARN.*: kafkajs: Connection error .*"broker":"b:9092"/,
    );
  });
});
