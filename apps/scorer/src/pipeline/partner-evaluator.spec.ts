import type { InputEvent } from '@app/contracts';
import {
  decodePartnerMeta,
  emptyAggregate,
  encodePartnerMeta,
  MCPP_PROGRAM,
  type PartnerAggregate,
  type PartnerMeta,
} from '@app/scoring';
import { simulate } from '@app/simulation';
import { PartnerEvaluator } from './partner-evaluator.js';

const TOPICS = { designations: 'designations', scores: 'scores' };
const DAY = 86_400_000;

/** Steps of a few events each, evaluated a day apart, as a scorer meets one partner's live stream. */
function partnerSteps(seed: number): { partnerId: string; steps: InputEvent[][]; start: number } {
  const simulation = simulate({ seed, partners: 3, lastMonth: '2026-05', invalidRate: 0 });
  const partnerId = simulation.partnerIds[seed % 3] as string;
  const events = simulation.records
    .filter((r) => r.key === partnerId && r.event !== null)
    .map((r) => r.event as InputEvent);
  const steps: InputEvent[][] = [];
  for (let i = 0; i < events.length; i += 1 + (i % 4)) steps.push(events.slice(i, i + 1 + (i % 4)));
  return { partnerId, steps, start: simulation.settledAt };
}

describe('PartnerEvaluator', () => {
  it.each([1, 2, 3])(
    'publishes the same entries whether the last evaluation was held in memory or read back from the store (seed %i)',
    (seed) => {
      const { partnerId, steps, start } = partnerSteps(seed);
      const evaluator = new PartnerEvaluator(MCPP_PROGRAM, TOPICS);
      // "held": the meta as the scorer keeps it between units (with the snapshot contents it
      // computed); "stored": the meta as a fresh process reads it, through the stored form.
      let held: { aggregate: PartnerAggregate; meta: PartnerMeta | null } = {
        aggregate: emptyAggregate(partnerId),
        meta: null,
      };
      let stored: { aggregate: PartnerAggregate; meta: PartnerMeta | null } = {
        aggregate: emptyAggregate(partnerId),
        meta: null,
      };
      let published = 0;
      let skippedDigests = 0;
      let reusedScores = 0;
      steps.forEach((events, i) => {
        const now = start + i * DAY;
        const cause = { kind: 'event' as const, eventId: events[events.length - 1]?.eventId };
        const a = evaluator.evaluate({ partnerId, events, cause }, held.aggregate, held.meta, now);
        const b = evaluator.evaluate({ partnerId, events, cause }, stored.aggregate, stored.meta, now);
        expect(a === null).toBe(b === null);
        if (a === null || b === null) return;
        expect(a.entries).toEqual(b.entries);
        expect(a.history).toEqual(b.history);
        expect(encodePartnerMeta(a.meta)).toBe(encodePartnerMeta(b.meta));
        published += a.entries.length;
        reusedScores += a.designationsReused;
        const unchanged = Object.entries(a.meta.snapshotContents ?? {}).filter(
          ([id, content]) => held.meta?.snapshotContents?.[id] === content,
        );
        skippedDigests += unchanged.length;
        held = { aggregate: a.aggregate, meta: a.meta };
        stored = { aggregate: b.aggregate, meta: decodePartnerMeta(encodePartnerMeta(b.meta)) };
      });
      // The comparison means something only if snapshots were published and digests were skipped.
      expect(published).toBeGreaterThan(6);
      expect(skippedDigests).toBeGreaterThan(0);
      // Designation scores untouched by a step were kept from the step before, not re-scored.
      expect(reusedScores).toBeGreaterThan(0);
    },
  );
});
