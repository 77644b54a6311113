export * from './create-logger.js';
export * from './request-logging.js';
export * from './logging.module.js';
