import { ConfigError, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('fills every default for an empty environment', () => {
    const config = parseConfig({});
    expect(config.kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(config.kafka.partitions).toBe(4);
    expect(config.topics.certifications).toBe('capscore.certifications.v1');
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', keyPrefix: 'capscore:' });
    expect(config.fixedClock).toBeUndefined();
    expect(config.scorer.warmUpMs).toBe(1000);
    expect(parseConfig({ SCORER_WARM_UP_MS: '0' }).scorer.warmUpMs).toBe(0);
    expect([config.logLevel, config.logFormat]).toEqual(['info', 'json']);
    expect(parseConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('splits broker lists and parses the fixed clock', () => {
    const config = parseConfig({ KAFKA_BROKERS: 'a:9092, b:9093', CAPSCORE_CLOCK: '2026-06-15T00:00:00Z' });
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9093']);
    expect(config.fixedClock).toBe(Date.UTC(2026, 5, 15));
  });

  it.each([
    ['KAFKA_PARTITIONS', 'four'],
    ['KAFKA_BROKERS', 'localhost'],
    ['REDIS_URL', 'localhost:6379'],
    ['CAPSCORE_CLOCK', 'yesterday'],
    ['CAPSCORE_CLOCK', '2026-02-30T00:00:00Z'],
    ['CAPSCORE_CLOCK', '2026-06-15T00:00:00'],
    ['HTTP_PORT', '70000'],
    ['TOPIC_DLQ', 'has space'],
    ['SCORER_WARM_UP_MS', '-1'],
    ['SCORER_WARM_UP_MS', 'soon'],
    ['LOG_FORMAT', 'text'],
    ['LOG_LEVEL', 'verbose'],
  ])('names %s when its value %p is invalid', (variable, value) => {
    expect(() => parseConfig({ [variable]: value })).toThrow(ConfigError);
    try {
      parseConfig({ [variable]: value });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
      expect((error as Error).message).toContain(variable);
    }
  });

  it('reads CAPSCORE_CLOCK with the contracts instant schema: an impossible date is named, not rolled over', () => {
    expect(() => parseConfig({ CAPSCORE_CLOCK: '2026-02-30T00:00:00Z' })).toThrow(
      'CAPSCORE_CLOCK: impossible date or time: 2026-02-30T00:00:00Z',
    );
    expect(parseConfig({ CAPSCORE_CLOCK: '2026-06-15T02:00:00+02:00' }).fixedClock).toBe(
      Date.UTC(2026, 5, 15),
    );
  });

  it('rejects two roles sharing one topic and SASL without credentials', () => {
    expect(() => parseConfig({ TOPIC_DLQ: 'capscore.revenue.v1' })).toThrow(
      /TOPIC_DLQ: same topic as TOPIC_REVENUE/,
    );
    expect(() => parseConfig({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u' })).toThrow(
      /KAFKA_SASL_PASSWORD: required/,
    );
  });
});
