export * from './partner-token.js';
