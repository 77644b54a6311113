export * from './config.js';
export * from './config.schema.js';
