import { DEFAULT_TOPICS, type TopicNames, type TopicRole } from '@app/contracts';
import { createTopics, deleteTopics, type KafkaClient, type TopicReplication } from '@app/kafka';
import { deleteKeysMatching, type RedisClient } from '@app/redis';

/**
 * The topics of a private run (a test's namespace, a bench scorer, a soak): the default names
 * behind the run's own prefix, so runs side by side on one broker never share a topic.
 */
export function namespaceTopics(prefix: string): TopicNames {
  return Object.fromEntries(
    Object.entries(DEFAULT_TOPICS).map(([role, name]) => [role, `${prefix}.${name}`]),
  ) as TopicNames;
}

/** Creates the given topics of a run; the score snapshot topic compacted, as contracts.md says. */
export async function createNamespaceTopics(
  kafka: KafkaClient,
  topics: Partial<TopicNames>,
  partitions: number,
  replication?: TopicReplication,
): Promise<void> {
  const specs = Object.entries(topics).map(([role, name]) => ({
    name,
    compacted: (role as TopicRole) === 'scores',
  }));
  await createTopics(kafka, specs, partitions, replication);
}

/**
 * Removes what a run created: its topics (gone already is fine) and every Redis key under its
 * prefix (SCAN + UNLINK on every master; the Redis may be shared with other people's runs, so
 * never FLUSH).
 */
export async function dropNamespace(
  kafka: KafkaClient,
  redis: RedisClient,
  run: { topics: readonly string[]; keyPrefix: string },
): Promise<void> {
  await deleteTopics(kafka, run.topics).catch(() => undefined);
  await deleteKeysMatching(redis, `${run.keyPrefix}*`);
}
