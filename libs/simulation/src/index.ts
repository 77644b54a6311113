export * from './random.js';
export * from './months.js';
export * from './partner-profiles.js';
export * from './invalid-records.js';
export * from './event-stream.js';
