import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@app/config';
import { startApi } from './api.bootstrap.js';

try {
  const config = loadConfig();
  await startApi(config);
  new Logger('api').log(`listening on http://${config.http.host}:${config.http.port}`);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`capscore api: ${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(
    `capscore api failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}
