import { ConfigError, parseConfig } from './config.js';

/** Configuration errors name the variable and the problem, never the value (it may be a secret). */
describe('parseConfig and secrets', () => {
  const secret = 'Sup3r-s3cret-value';

  it.each([
    ['API_KEY', secret.slice(0, 10)],
    ['REDIS_URL', `http://:${secret}@127.0.0.1:6379`],
    ['KAFKA_SASL_MECHANISM', `scram-${secret}`],
    ['KAFKA_BROKERS', `${secret}`],
  ])('does not echo an invalid %s value in the error', (variable, value) => {
    let message = '';
    try {
      parseConfig({ [variable]: value });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain(variable);
    expect(message).not.toContain(value);
    expect(message).not.toContain(secret.slice(0, 10));
  });

  it('requires TLS for SASL/PLAIN and a mechanism for SASL credentials', () => {
    const plain = { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'capscore', KAFKA_SASL_PASSWORD: secret };
    expect(() => parseConfig(plain)).toThrow(/KAFKA_SSL: must be true with KAFKA_SASL_MECHANISM=plain/);
    expect(parseConfig({ ...plain, KAFKA_SSL: 'true' }).kafka).toMatchObject({ ssl: true, sasl: { mechanism: 'plain', username: 'capscore' } });
    expect(() => parseConfig({ KAFKA_SASL_USERNAME: 'capscore', KAFKA_SASL_PASSWORD: secret })).toThrow(/KAFKA_SASL_MECHANISM: required/);
    try {
      parseConfig({ KAFKA_SASL_USERNAME: 'capscore', KAFKA_SASL_PASSWORD: secret });
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it('accepts SCRAM over TLS and Redis AUTH/TLS through REDIS_URL', () => {
    const config = parseConfig({
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'capscore',
      KAFKA_SASL_PASSWORD: secret,
      REDIS_URL: `rediss://capscore:${secret}@redis.internal:6380/2`,
    });
    expect(config.kafka).toMatchObject({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'capscore', password: secret } });
    expect(config.redis.url).toBe(`rediss://capscore:${secret}@redis.internal:6380/2`);
  });
});
