// Jest globalSetup for the integration project: brings up Kafka and Redis (configured, docker,
// or local processes: see scripts/infra) and hands their addresses to the workers via env.
import { up } from '../../scripts/infra/index.mjs';

export default async function globalSetup(): Promise<void> {
  const { brokers, redisUrl } = await up('test', { log: (line: string) => process.stderr.write(`[infra] ${line}\n`) });
  process.env.KAFKA_BROKERS = brokers.join(',');
  process.env.REDIS_URL = redisUrl;
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
}
