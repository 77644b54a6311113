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
    const plain = {
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'capscore',
      KAFKA_SASL_PASSWORD: secret,
    };
    expect(() => parseConfig(plain)).toThrow(/KAFKA_SSL: must be true with KAFKA_SASL_MECHANISM=plain/);
    expect(parseConfig({ ...plain, KAFKA_SSL: 'true' }).kafka).toMatchObject({
      ssl: true,
      sasl: { mechanism: 'plain', username: 'capscore' },
    });
    expect(() => parseConfig({ KAFKA_SASL_USERNAME: 'capscore', KAFKA_SASL_PASSWORD: secret })).toThrow(
      /KAFKA_SASL_MECHANISM: required/,
    );
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
    expect(config.kafka).toMatchObject({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'capscore', password: secret },
    });
    expect(config.redis.url).toBe(`rediss://capscore:${secret}@redis.internal:6380/2`);
  });
});

describe('TOKEN_SIGNING_KEYS', () => {
  const apiKey = 'operator-key-0123456789';
  const s1 = 'k1-secret-0123456789abcdef-0123456789';
  const s2 = 'k2-secret-0123456789abcdef-0123456789';

  it('reads kid:secret pairs in order (the first signs) and is empty when unset', () => {
    expect(parseConfig({}).http.tokenKeys).toEqual([]);
    expect(parseConfig({ API_KEY: apiKey, TOKEN_SIGNING_KEYS: `k1:${s1}, k2:${s2}` }).http.tokenKeys).toEqual(
      [
        { kid: 'k1', secret: s1 },
        { kid: 'k2', secret: s2 },
      ],
    );
    // A secret may contain ':' (only the first one separates the kid).
    expect(parseConfig({ API_KEY: apiKey, TOKEN_SIGNING_KEYS: `k1:a:${s1}` }).http.tokenKeys).toEqual([
      { kid: 'k1', secret: `a:${s1}` },
    ]);
  });

  it.each([
    ['a short secret', `k1:${s1.slice(0, 20)}`, 'entry 1 (kid k1): the secret must be 32 characters or more'],
    ['no kid', s1, 'entry 1: expected kid:secret'],
    ['an empty kid', `:${s1}`, 'entry 1: expected kid:secret'],
    ['a kid with a dot', `k.1:${s1}`, 'entry 1: expected kid:secret'],
    ['a kid twice', `k1:${s1},k1:${s2}`, 'entry 2: kid k1 appears twice'],
    ['an empty entry', `k1:${s1},`, 'entry 2: expected kid:secret'],
  ])('names TOKEN_SIGNING_KEYS and the entry for %s, never the secret', (_what, value, message) => {
    let error: unknown;
    try {
      parseConfig({ API_KEY: apiKey, TOKEN_SIGNING_KEYS: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual(['TOKEN_SIGNING_KEYS']);
    expect((error as Error).message).toContain(`TOKEN_SIGNING_KEYS: ${message}`);
    for (const secret of [s1, s2, s1.slice(0, 20)]) expect((error as Error).message).not.toContain(secret);
  });

  it('requires API_KEY with TOKEN_SIGNING_KEYS (otherwise the api would be open and /admin unreachable)', () => {
    expect(() => parseConfig({ TOKEN_SIGNING_KEYS: `k1:${s1}` })).toThrow(
      /API_KEY: required when TOKEN_SIGNING_KEYS is set/,
    );
  });
});
