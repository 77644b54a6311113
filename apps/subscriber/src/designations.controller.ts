import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { designationsTopic } from './designations-topic.js';
import { WebhookNotifier } from './notifier.js';

/**
 * Each designation event, in offset order per partition (the transport runs one handler at a
 * time per partition), goes to the webhook; its offset is committed only once it needs no more
 * work. Auto-commit is off (main.ts): an event is never committed before it was delivered.
 */
@Controller()
export class DesignationsController {
  constructor(@Inject(WebhookNotifier) private readonly notifier: WebhookNotifier) {}

  @EventPattern<string>(designationsTopic())
  async onDesignation(@Payload() value: Buffer | null, @Ctx() context: KafkaContext): Promise<void> {
    // keepBinary (main.ts): the payload is the record's bytes, forwarded as they were published.
    const message = context.getMessage();
    const topic = context.getTopic();
    const partition = context.getPartition();
    const done = await this.notifier.deliver(
      { where: `${topic}/${partition}@${message.offset}`, body: value?.toString('utf8') ?? '' },
      context.getHeartbeat(),
    );
    if (!done) return;
    await context
      .getConsumer()
      .commitOffsets([{ topic, partition, offset: String(BigInt(message.offset) + 1n) }]);
  }
}
