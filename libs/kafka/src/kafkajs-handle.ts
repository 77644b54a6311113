import type { Kafka } from 'kafkajs';
import type { KafkaClient } from './types.js';

// Internal to libs/kafka (index.ts does not export this file): the kafkajs client behind each
// KafkaClient handle. A WeakMap rather than a field, so no kafkajs type is reachable from a handle.
const clients = new WeakMap<KafkaClient, Kafka>();

export function handleOf(kafka: Kafka, clientId: string): KafkaClient {
  const handle: KafkaClient = Object.freeze({ clientId });
  clients.set(handle, kafka);
  return handle;
}

export function kafkajsOf(client: KafkaClient): Kafka {
  const kafka = clients.get(client);
  if (!kafka) throw new Error(`Kafka client ${client.clientId} was not made by createKafka`);
  return kafka;
}
