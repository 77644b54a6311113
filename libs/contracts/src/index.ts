export * from './topics.js';
export * from './primitives.js';
export * from './input-events.js';
export * from './output-events.js';
export * from './decode.js';
export * from './json-schemas.js';
export * from './fast-validate.js';
