import { dockerMatters, kafkaSource, redisSource } from './source.mjs';

const NONE = {};
const CONFIGURED = { KAFKA_BROKERS: 'k:9092', REDIS_URL: 'redis://r:6379' };

describe('where Kafka and Redis come from', () => {
  it('takes containers when a Docker engine answers and nothing is configured', () => {
    expect(kafkaSource({ env: NONE, dockerAnswers: true })).toBe('container');
    expect(redisSource({ env: NONE, dockerAnswers: true })).toBe('container');
  });

  it('keeps the Maven-jar broker and local Redis where no engine answers', () => {
    expect(kafkaSource({ env: NONE, dockerAnswers: false })).toBe('local');
    expect(redisSource({ env: NONE, dockerAnswers: false })).toBe('local');
  });

  it('uses what is configured, engine or not', () => {
    for (const dockerAnswers of [true, false]) {
      expect(kafkaSource({ env: CONFIGURED, dockerAnswers })).toBe('configured');
      expect(redisSource({ env: CONFIGURED, dockerAnswers })).toBe('configured');
      expect(redisSource({ env: { REDIS_CLUSTER_NODES: 'a:1,b:2' }, dockerAnswers })).toBe(
        'configured-cluster',
      );
    }
  });

  it('decides each side on its own: KAFKA_BROKERS set, REDIS_URL unset', () => {
    const env = { KAFKA_BROKERS: 'k:9092' };
    expect(kafkaSource({ env, dockerAnswers: true })).toBe('configured');
    expect(redisSource({ env, dockerAnswers: true })).toBe('container');
    expect(redisSource({ env, dockerAnswers: false })).toBe('local');
  });

  it('starts local clusters from the jars and redis-server, never containers', () => {
    expect(kafkaSource({ env: NONE, brokerCount: 3, dockerAnswers: true })).toBe('local-cluster');
    expect(redisSource({ env: NONE, redisCluster: true, dockerAnswers: true })).toBe('local-cluster');
  });

  it('asks Docker only when the answer could change the choice', () => {
    expect(dockerMatters({ env: NONE })).toBe(true);
    expect(dockerMatters({ env: CONFIGURED })).toBe(false);
    expect(dockerMatters({ env: { REDIS_URL: 'redis://r:6379' } })).toBe(true);
    expect(dockerMatters({ env: { KAFKA_BROKERS: 'k:9092' }, redisCluster: true })).toBe(false);
    expect(dockerMatters({ env: NONE, brokerCount: 3, redisCluster: true })).toBe(false);
  });
});
