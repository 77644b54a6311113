// Jest globalSetup for the integration project: brings up Kafka and Redis (configured, docker,
// or local processes: see scripts/infra) and hands their addresses to the workers via env.
import { up } from '../../scripts/infra/index.mjs';

export default async function globalSetup(): Promise<void> {
  const { brokers, redisUrl } = await up('test', {
    log: (line: string) => process.stderr.write(`[infra] ${line}\n`),
  });
  // The suite runs on one Redis server; the cluster test starts its own cluster (redis-cluster.int-spec.ts).
  if (!redisUrl) {
    throw new Error(
      'the integration tests need one Redis server: unset REDIS_CLUSTER_NODES (test/integration/redis-cluster starts its own cluster)',
    );
  }
  process.env.KAFKA_BROKERS = brokers.join(',');
  process.env.REDIS_URL = redisUrl;
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
}
