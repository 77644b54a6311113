// Where Kafka and Redis come from, decided from the environment alone (pure, unit-tested in
// source.spec.ts); scripts/infra/index.mjs acts on the answer.
//
// Kafka: KAFKA_BROKERS > a local multi-broker cluster (--brokers N) > a testcontainers container
// (random port) when a Docker engine answers > one local broker from Maven jars.
// Redis: REDIS_CLUSTER_NODES > a local Redis Cluster (--redis-cluster) > REDIS_URL > a container
// when a Docker engine answers > the server on 127.0.0.1:6379 if it answers, else a private
// redis-server.

/** True when the answer depends on whether a Docker engine answers (asking takes up to 5 s). */
export function dockerMatters({ env, brokerCount = 1, redisCluster = false }) {
  return (
    kafkaSource({ env, brokerCount, dockerAnswers: true }) === 'container' ||
    redisSource({ env, redisCluster, dockerAnswers: true }) === 'container'
  );
}

/** 'configured' | 'local-cluster' | 'container' | 'local' */
export function kafkaSource({ env, brokerCount = 1, dockerAnswers }) {
  if (env.KAFKA_BROKERS) return 'configured';
  if (brokerCount > 1) return 'local-cluster';
  return dockerAnswers ? 'container' : 'local';
}

/** 'configured-cluster' | 'local-cluster' | 'configured' | 'container' | 'local' */
export function redisSource({ env, redisCluster = false, dockerAnswers }) {
  if (env.REDIS_CLUSTER_NODES) return 'configured-cluster';
  if (redisCluster) return 'local-cluster';
  if (env.REDIS_URL) return 'configured';
  return dockerAnswers ? 'container' : 'local';
}
