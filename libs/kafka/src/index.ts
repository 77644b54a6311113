export * from './types.js';
export * from './kafka-client.js';
export * from './producer.js';
export * from './batch-consumer.js';
export * from './admin.js';
export * from './co-partitioned-assigner.js';
export * from './kafka-errors.js';
