import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';
import { startScorer } from './scorer.bootstrap.js';

try {
  const config = loadConfig();
  await startScorer(config);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`capscore scorer: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`capscore scorer failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
