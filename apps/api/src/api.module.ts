import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PlatformModule } from '@app/platform';
import { ClockController } from './admin/clock.controller.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { HealthController } from './health/health.controller.js';
import { PartnersController } from './partners/partners.controller.js';

@Module({
  imports: [PlatformModule],
  controllers: [HealthController, PartnersController, ClockController],
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }],
})
export class ApiModule {}
