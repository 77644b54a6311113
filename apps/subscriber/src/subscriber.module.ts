import { type DynamicModule, Module } from '@nestjs/common';
import { loggingModule } from '@app/logging';
import type { RedisClient } from '@app/redis';
import { DeliveryLog } from './delivery-log.js';
import { DesignationsController } from './designations.controller.js';
import { type Log, WebhookNotifier } from './notifier.js';
import type { SubscriberSettings } from './settings.js';

@Module({})
export class SubscriberModule {
  /** The notifier is built from what main.ts validated and connected; the module only wires it. */
  static register(
    settings: SubscriberSettings,
    redis: RedisClient,
    stopping: AbortSignal,
    log: Log,
  ): DynamicModule {
    return {
      module: SubscriberModule,
      imports: [loggingModule('subscriber', { requestLogs: false })],
      controllers: [DesignationsController],
      providers: [
        {
          provide: WebhookNotifier,
          useValue: new WebhookNotifier(
            settings,
            new DeliveryLog(redis, settings.keyPrefix, settings.dedupeTtlSeconds),
            stopping,
            log,
          ),
        },
      ],
      exports: [WebhookNotifier],
    };
  }
}
