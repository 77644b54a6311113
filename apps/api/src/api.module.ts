import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { loggingModule } from '@app/logging';
import { PlatformModule } from '@app/platform';
import { AccessGuard } from './access/access.guard.js';
import { ClockController } from './admin/clock.controller.js';
import { DashboardController } from './dashboard/dashboard.controller.js';
import { ErrorFilter } from './errors/error.filter.js';
import { DesignationFeed } from './feed/designation-feed.service.js';
import { EventsController } from './feed/events.controller.js';
import { HealthController } from './health/health.controller.js';
import { HistoryController } from './history/history.controller.js';
import { ConsumerLagMonitor } from './metrics/consumer-lag.monitor.js';
import { OpenApiController } from './openapi/openapi.controller.js';
import { PartnersController } from './partners/partners.controller.js';
import { WorklistsController } from './worklists/worklists.controller.js';
import { PathController } from './partners/path.controller.js';
import { ImpactJobs } from './programs/impact-jobs.service.js';
import { ImpactController } from './programs/impact.controller.js';

/** Every controller of the api; the OpenAPI test checks each of their routes is documented. */
export const API_CONTROLLERS = [
  HealthController,
  PartnersController,
  PathController,
  HistoryController,
  ClockController,
  EventsController,
  OpenApiController,
  WorklistsController,
  DashboardController,
  ImpactController,
];

@Module({
  // One line per request (method, URL with credential parameters cut, status, time).
  imports: [loggingModule('api', { requestLogs: true }), PlatformModule],
  controllers: API_CONTROLLERS,
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    ConsumerLagMonitor,
    DesignationFeed,
    ImpactJobs,
  ],
})
export class ApiModule {}
