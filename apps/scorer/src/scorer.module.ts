import { Module } from '@nestjs/common';
import { loggingModule } from '@app/logging';
import { PlatformModule } from '@app/platform';
import { InputConsumerService } from './consumer/input-consumer.service.js';
import { ScorerFailures } from './failures/scorer-failures.service.js';
import { ScorerHealthController } from './http/scorer-health.controller.js';
import { BatchPipeline } from './pipeline/batch-pipeline.js';
import { OutboxPublisher } from './pipeline/outbox-publisher.js';
import { PartnerProcessor } from './pipeline/partner-processor.js';
import { RecoveryService } from './recovery.service.js';
import { ScorerStatusService } from './status.service.js';
import { TimerService } from './timers/timer.service.js';
import { WarmUpService } from './warm-up.service.js';

@Module({
  imports: [loggingModule('scorer', { requestLogs: false }), PlatformModule],
  controllers: [ScorerHealthController],
  providers: [
    ScorerFailures,
    PartnerProcessor,
    OutboxPublisher,
    BatchPipeline,
    InputConsumerService,
    TimerService,
    RecoveryService,
    ScorerStatusService,
    WarmUpService,
  ],
})
export class ScorerModule {}
