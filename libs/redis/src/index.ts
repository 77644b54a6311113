export * from './keys.js';
export * from './codec.js';
export * from './connection.js';
export * from './partner-store.js';
export * from './clock-store.js';
export * from './partner-footprint.js';
export { LUA_SCRIPTS } from './lua/scripts.generated.js';
export * from './nodes.js';
export * from './redis-errors.js';
