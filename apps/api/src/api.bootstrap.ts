import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { closeOnSignals } from '@app/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CapscoreConfig } from '@app/config';
import { ApiModule } from './api.module.js';
import { serveDashboardFiles } from './dashboard/dashboard-files.js';
import { legacyAliases } from './legacy-aliases.js';

const LEVELS: Record<CapscoreConfig['logLevel'], LogLevel[]> = {
  debug: ['debug', 'log', 'warn', 'error', 'fatal'],
  info: ['log', 'warn', 'error', 'fatal'],
  warn: ['warn', 'error', 'fatal'],
  error: ['error', 'fatal'],
};

export async function startApi(config: CapscoreConfig, port = config.http.port): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { logger: LEVELS[config.logLevel], bodyParser: false });
  // Small bodies only: the api takes clock moves and queries, never event payloads.
  app.useBodyParser('json', { limit: '16kb' });
  app.disable('x-powered-by');
  app.use(legacyAliases);
  serveDashboardFiles(app);
  closeOnSignals(app);
  await app.listen(port, config.http.host);
  return app;
}
