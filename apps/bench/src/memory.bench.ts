import { topicRoleOfType } from '@app/contracts';
import { partnerFootprint, PartnerStore, RedisKeys } from '@app/redis';
import type { BenchInfra } from './bench-infra.js';
import { partnerEvents, type PartnerShape } from './partner-events.js';
import { runPipeline } from './pipeline-run.js';
import { produceAll, type BenchRecord } from './stream-producer.js';
import { Progress } from './progress.js';

export interface PartnerMemory extends PartnerShape {
  events: number;
  /** MEMORY USAGE (SAMPLES 0) summed over the partner's keys. */
  redisBytes: number;
  /** Bytes of the stored facts (every customer, person and other fact field) and of the lifecycle meta. */
  aggregateBytes: number;
  metaBytes: number;
}

/**
 * Redis bytes per partner: the shapes' events go through the real scorer (own topics, own
 * prefix), then MEMORY USAGE is read over every key of the partner.
 */
export async function memoryBench(
  infra: BenchInfra,
  shapes: readonly PartnerShape[],
  lastMonth: string,
  clock: number,
): Promise<{ partners: PartnerMemory[]; scorerPeakRssBytes: number }> {
  const progress = new Progress('memory');
  const input = await infra.inputTopics('memory');
  const eventsByPartner = new Map(shapes.map((s, i) => [s.partnerId, partnerEvents(s, lastMonth, 100 + i)]));
  const records: BenchRecord[] = [...eventsByPartner.values()].flat().map((e) => ({
    role: topicRoleOfType(e.type),
    key: e.partnerId,
    value: JSON.stringify(e),
    eventId: e.eventId,
  }));
  await produceAll(infra.kafka, input, records, progress);
  const run = await runPipeline(infra, input, 'memory', { instances: 1, clock });
  await Promise.all(run.scorers.map((s) => s.stop()));
  const keys = new RedisKeys(run.keyPrefix);
  const store = new PartnerStore(infra.redis, keys);
  const partners: PartnerMemory[] = [];
  for (const shape of shapes) {
    const { bytes: redisBytes } = await partnerFootprint(infra.redis, keys, shape.partnerId);
    const { facts: aggregateBytes, meta: metaBytes } = await store.storedBytes(shape.partnerId);
    const loaded = await store.load([shape.partnerId]);
    if (!loaded.get(shape.partnerId)?.aggregate) {
      throw new Error(`memory: ${shape.partnerId} was not written`);
    }
    partners.push({
      ...shape,
      events: eventsByPartner.get(shape.partnerId)?.length ?? 0,
      redisBytes,
      aggregateBytes,
      metaBytes,
    });
    progress.say(
      `${shape.partnerId}: ${redisBytes} bytes in Redis (aggregate ${aggregateBytes}, lifecycle/snapshots ${metaBytes})`,
    );
  }
  return { partners, scorerPeakRssBytes: run.peakRssBytes[0] ?? 0 };
}
