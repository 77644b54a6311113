export * from './config.js';
export * from './config.schema.js';
export * from './redis-cluster.js';
