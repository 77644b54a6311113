import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { closeOnSignals } from '@app/platform';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CapscoreConfig } from '@app/config';
import { ApiModule } from './api.module.js';
import { serveDashboardFiles } from './dashboard/dashboard-files.js';
import { legacyAliases } from './legacy-aliases.js';
import { readProgramBody } from './programs/program-body.js';

export async function startApi(config: CapscoreConfig, port = config.http.port): Promise<INestApplication> {
  // Lines logged while the modules start are held until the pino logger (libs/logging) takes over.
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Small bodies only: the api takes clock moves and queries, never event payloads. A program
  // document for the impact report is the one exception, read by its own route first.
  app.use('/v1/programs/impact', readProgramBody);
  app.useBodyParser('json', { limit: '16kb' });
  app.disable('x-powered-by');
  app.use(legacyAliases);
  serveDashboardFiles(app);
  closeOnSignals(app);
  await app.listen(port, config.http.host);
  return app;
}
