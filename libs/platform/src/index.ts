export * from './tokens.js';
export * from './platform.module.js';
export * from './clock.service.js';
export * from './metrics.service.js';
export * from './program.loader.js';
export * from './shutdown.js';
