// Kafka and Redis as testcontainers containers, for a machine with a Docker engine: random host
// ports, so a dev stack (`npm start`) and a test stack (`npm test`) never collide. The
// containers outlive the command that started them (`npm run infra -- up` exits at once): the
// Ryuk reaper is off and `down` removes them by the ids recorded in the state file. The modules
// are imported on first use: a machine without Docker never loads them.
// The same images as docker-compose.yml's single-node setup, in KRaft mode.
const KAFKA_IMAGE = 'confluentinc/cp-kafka:7.9.1';
const REDIS_IMAGE = 'redis:7.2-alpine';

async function modules() {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const [{ KafkaContainer }, { RedisContainer }] = await Promise.all([
    import('@testcontainers/kafka'),
    import('@testcontainers/redis'),
  ]);
  return { KafkaContainer, RedisContainer };
}

/** A single-node KRaft broker; its bootstrap address and container id. */
export async function startKafkaContainer(log) {
  log(`kafka: starting a container (${KAFKA_IMAGE}, testcontainers)...`);
  const { KafkaContainer } = await modules();
  const container = await new KafkaContainer(KAFKA_IMAGE)
    .withKraft()
    .withEnvironment({
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
    })
    .start();
  return { brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`], id: container.getId() };
}

/** A Redis server without persistence; its URL and container id. */
export async function startRedisContainer(log) {
  log(`redis: starting a container (${REDIS_IMAGE}, testcontainers)...`);
  const { RedisContainer } = await modules();
  const container = await new RedisContainer(REDIS_IMAGE)
    .withCommand(['redis-server', '--save', '', '--appendonly', 'no'])
    .start();
  return { redisUrl: container.getConnectionUrl(), id: container.getId() };
}

/** Removes containers this script started (by id), with their anonymous volumes. */
export async function removeContainers(ids) {
  if (ids.length === 0) return;
  const { getContainerRuntimeClient } = await import('testcontainers');
  const client = await getContainerRuntimeClient();
  for (const id of ids) {
    const container = client.container.getById(id);
    await client.container.stop(container, { timeout: 10_000 });
    await client.container.remove(container, { removeVolumes: true });
  }
}
