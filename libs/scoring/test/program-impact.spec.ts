import type { InputEvent } from '@app/contracts';
import { simulate } from '@app/simulation';
import fc from 'fast-check';
import {
  MCPP_PROGRAM,
  type PartnerAggregate,
  type Program,
  ProgramImpactTally,
  applyEvent,
  emptyAggregate,
  parseProgram,
  programImpact,
  scorePartner,
} from '../src/index.js';

/** The simulated partners' aggregates: every valid event applied (the stored state at `settledAt`). */
function population(seed: number, partners: number): { aggregates: PartnerAggregate[]; asOf: number } {
  const sim = simulate({ seed, partners, lastMonth: '2026-05', partnerPrefix: `s${seed}` });
  const byPartner = new Map<string, PartnerAggregate>();
  for (const record of sim.records) {
    const event: InputEvent | null = record.event;
    if (!event) continue;
    let agg = byPartner.get(event.partnerId);
    if (!agg) byPartner.set(event.partnerId, (agg = emptyAggregate(event.partnerId)));
    applyEvent(agg, event);
  }
  return { aggregates: [...byPartner.values()], asOf: sim.settledAt };
}

/** A validated copy of MCPP changed by `edit` (on a plain JSON copy, as a program file would be). */
function mcppWith(
  edit: (program: Record<string, unknown> & { designations: Record<string, unknown>[] }) => void,
): Program {
  const copy = structuredClone(MCPP_PROGRAM) as unknown as Record<string, unknown> & {
    designations: Record<string, unknown>[];
  };
  copy.version = '2027.01.0';
  edit(copy);
  return parseProgram(copy);
}

interface ComponentJson {
  mode?: string;
  minBaseline?: number;
  fullAt: number;
}
interface DesignationJson {
  id: string;
  tracks: { id: string; metrics: { id: string; components: ComponentJson[] }[] }[];
}

/**
 * The proposed MCPP of the tests, a changed metric: Business Applications' usage growth counts
 * absolute MCV growth (100,000 for full points) instead of percent growth over a 50,000 baseline.
 */
const absoluteBizAppsGrowth = mcppWith((p) => {
  const bizApps = (p.designations as unknown as DesignationJson[]).find(
    (d) => d.id === 'business-applications',
  )!;
  for (const c of bizApps.tracks[0]!.metrics.find((m) => m.id === 'usage-growth')!.components) {
    c.mode = 'absolute';
    delete c.minBaseline;
    c.fullAt = 100_000;
  }
});

/**
 * The oracle: each partner scored under both programs with scorePartner (explanations on, as the
 * api scores), compared designation by designation, written without the tally.
 */
function expectedImpact(active: Program, proposed: Program, aggregates: PartnerAggregate[], asOf: number) {
  const ids = [...new Set([...active.designations, ...proposed.designations].map((d) => d.id))];
  const sorted = [...aggregates].sort((a, b) => (a.partnerId < b.partnerId ? -1 : 1));
  const scored = sorted.map((agg) => ({
    partnerId: agg.partnerId,
    before: scorePartner(active, agg, asOf).designations,
    after: scorePartner(proposed, agg, asOf).designations,
  }));
  return {
    designations: ids.map((designationId) => {
      const rows = scored.map(({ partnerId, before, after }) => {
        const b = before.find((d) => d.designationId === designationId);
        const a = after.find((d) => d.designationId === designationId);
        return {
          partnerId,
          before: b?.score ?? null,
          after: a?.score ?? null,
          was: b?.qualified ?? false,
          will: a?.qualified ?? false,
        };
      });
      return {
        designationId,
        gains: rows
          .filter((r) => !r.was && r.will)
          .map(({ partnerId, before, after }) => ({ partnerId, before, after })),
        losses: rows
          .filter((r) => r.was && !r.will)
          .map(({ partnerId, before, after }) => ({ partnerId, before, after })),
        unchanged: rows.filter((r) => r.was === r.will).length,
      };
    }),
  };
}

const { aggregates, asOf } = population(11, 30);
const qualifiedUnderMcpp = (designationId: string) =>
  aggregates.filter(
    (agg) =>
      scorePartner(MCPP_PROGRAM, agg, asOf).designations.find((d) => d.designationId === designationId)
        ?.qualified,
  ).length;

describe('programImpact', () => {
  it('the simulated population has qualifiers under MCPP (else the tests below prove little)', () => {
    for (const id of ['data-ai-azure', 'modern-work', 'security']) {
      expect(qualifiedUnderMcpp(id)).toBeGreaterThan(1);
    }
  });

  it('the same program changes nothing: every partner unchanged for every designation', () => {
    const report = programImpact(MCPP_PROGRAM, MCPP_PROGRAM, aggregates, asOf);
    expect(report.designations.map((d) => d.designationId)).toEqual(
      MCPP_PROGRAM.designations.map((d) => d.id),
    );
    for (const d of report.designations) {
      expect(d).toEqual({
        designationId: d.designationId,
        gains: [],
        losses: [],
        unchanged: aggregates.length,
      });
    }
  });

  it('a raised threshold (70 → 85) only loses: every loss scored 70+ before and under 85 after', () => {
    const stricter = mcppWith((p) => (p.threshold = 85));
    const report = programImpact(MCPP_PROGRAM, stricter, aggregates, asOf);
    const losses = report.designations.flatMap((d) => d.losses);
    expect(report.designations.flatMap((d) => d.gains)).toEqual([]);
    expect(losses.length).toBeGreaterThan(0);
    for (const loss of losses) {
      expect(loss.before).toBeGreaterThanOrEqual(70);
      expect(loss.after).toBeLessThan(85);
    }
    for (const d of report.designations) {
      expect(d.gains.length + d.losses.length + d.unchanged).toBe(aggregates.length);
    }
    expect(report).toEqual(expectedImpact(MCPP_PROGRAM, stricter, aggregates, asOf));
  });

  it('a changed metric (Business Applications growth in absolute MCV) gains Business Applications partners and touches no other designation', () => {
    const report = programImpact(MCPP_PROGRAM, absoluteBizAppsGrowth, aggregates, asOf);
    const bizApps = report.designations.find((d) => d.designationId === 'business-applications')!;
    // Under MCPP every simulated Business Applications partner has 0 growth points (no 50,000 baseline).
    expect(qualifiedUnderMcpp('business-applications')).toBe(0);
    expect(bizApps.gains.length).toBeGreaterThan(1);
    expect(bizApps.losses).toEqual([]);
    for (const gain of bizApps.gains) expect(gain.after!).toBeGreaterThan(gain.before!);
    for (const d of report.designations.filter((x) => x.designationId !== 'business-applications')) {
      expect(d).toEqual({
        designationId: d.designationId,
        gains: [],
        losses: [],
        unchanged: aggregates.length,
      });
    }
    expect(report).toEqual(expectedImpact(MCPP_PROGRAM, absoluteBizAppsGrowth, aggregates, asOf));
  });

  it('a designation in one program only: its qualifiers are all losses (after null) or all gains (before null)', () => {
    const renamed = mcppWith((p) => {
      const security = (p.designations as unknown as DesignationJson[]).find((d) => d.id === 'security')!;
      security.id = 'security-2027';
    });
    const report = programImpact(MCPP_PROGRAM, renamed, aggregates, asOf);
    // Active order first, then what only the proposed program has.
    expect(report.designations.map((d) => d.designationId)).toEqual([
      ...MCPP_PROGRAM.designations.map((d) => d.id),
      'security-2027',
    ]);
    const holders = qualifiedUnderMcpp('security');
    const old = report.designations.find((d) => d.designationId === 'security')!;
    const added = report.designations.find((d) => d.designationId === 'security-2027')!;
    expect(old.gains).toEqual([]);
    expect(old.losses).toHaveLength(holders);
    expect(old.unchanged).toBe(aggregates.length - holders);
    for (const loss of old.losses) expect(loss.after).toBeNull();
    expect(added.losses).toEqual([]);
    expect(added.gains.map((g) => g.partnerId)).toEqual(old.losses.map((l) => l.partnerId));
    expect(added.gains.map((g) => g.before)).toEqual(old.losses.map(() => null));
    expect(added.gains.map((g) => g.after)).toEqual(old.losses.map((l) => l.before));
    expect(report).toEqual(expectedImpact(MCPP_PROGRAM, renamed, aggregates, asOf));
  });

  it('orders entries by partnerId whatever the input order, and counts a partner met twice once', () => {
    const reversed = [...aggregates].reverse();
    const tally = new ProgramImpactTally(absoluteBizAppsGrowth, MCPP_PROGRAM, asOf);
    for (const agg of reversed) expect(tally.add(agg)).toBe(true);
    expect(tally.add(reversed[0]!)).toBe(false);
    expect(tally.partners).toBe(aggregates.length);
    const losses = tally
      .report()
      .designations.find((d) => d.designationId === 'business-applications')!
      .losses.map((l) => l.partnerId);
    expect(losses.length).toBeGreaterThan(1);
    expect(losses).toEqual([...losses].sort());
    expect(tally.report()).toEqual(programImpact(absoluteBizAppsGrowth, MCPP_PROGRAM, aggregates, asOf));
  });

  it('property: equals scoring every partner under both programs with scorePartner (random populations, thresholds, instants)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 40, max: 100 }),
        fc.integer({ min: -60, max: 60 }),
        (seed, threshold, dayShift) => {
          const { aggregates: partners, asOf: settled } = population(seed, 6);
          const at = settled + dayShift * 86_400_000;
          const proposed = mcppWith((p) => (p.threshold = threshold));
          for (const [active, next] of [
            [MCPP_PROGRAM, proposed],
            [absoluteBizAppsGrowth, proposed],
          ] as const) {
            expect(programImpact(active, next, partners, at)).toEqual(
              expectedImpact(active, next, partners, at),
            );
          }
        },
      ),
      { numRuns: 15 },
    );
  });
});
