// Plumbing shared by the integration tests (test/support), the bench and the soak run (apps/bench):
// built apps, free ports, private namespaces. Kafka and Redis only through libs/kafka and libs/redis.
export * from './repo.js';
export * from './ports.js';
export * from './namespace.js';
