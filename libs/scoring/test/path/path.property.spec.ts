import type { InputEvent } from '@app/contracts';
import { InputEvent as InputEventSchema } from '@app/contracts';
import fc from 'fast-check';
import {
  MCPP_PROGRAM,
  type Program,
  type QualificationPath,
  applyEvent,
  canonicalAggregate,
  parseProgram,
  pathToQualify,
  monthKey,
  scoredMonth,
  scorePartner,
} from '../../src/index.js';
import { aggregateOf, ms, revenue, usage } from '../support/events.js';
import { histories } from '../support/histories.js';

// Every component kind, window, measure and floor the program format has, gates and maxUnits
// included, in one program whose two tracks both have to be reached from scratch.
const everyKind: Program = parseProgram({
  id: 'every-kind',
  version: '1',
  threshold: 60,
  dataLagDays: 3,
  workloadRates: { 'd365.business-central': 1000, 'power-platform.apps': 200 },
  certifications: ['cert-a', 'cert-b', 'cert-c', 'azure-security-engineer-associate'],
  designations: [
    {
      id: 'everything',
      tracks: [
        {
          id: 'wide',
          metrics: [
            {
              id: 'people',
              category: 'skilling',
              maxPoints: 25,
              gates: [{ certifications: ['cert-c'], atLeast: 2 }],
              components: [
                { kind: 'certifiedPeople', certifications: ['cert-a', 'cert-b'], maxUnits: 1, fullAt: 4 },
                {
                  kind: 'certifiedPeople',
                  certifications: ['cert-b', 'azure-security-engineer-associate'],
                  fullAt: 3,
                },
              ],
            },
            {
              id: 'customers',
              category: 'performance',
              maxPoints: 25,
              components: [
                {
                  kind: 'netQualifying',
                  source: 'revenue',
                  workloads: ['azure.*'],
                  per: 'customer',
                  window: 'twoMonths',
                  atLeast: 100,
                  fullAt: 2,
                },
                {
                  kind: 'netQualifying',
                  source: 'usage',
                  workloads: ['*'],
                  per: 'customer',
                  measure: 'paidLicenses',
                  combine: 'max',
                  window: 'month',
                  atLeast: 10,
                  atMost: 400,
                  fullAt: 3,
                },
                {
                  kind: 'netQualifying',
                  source: 'revenue',
                  workloads: ['*'],
                  per: 'customerWorkload',
                  window: 'ttm',
                  greaterThan: 50,
                  fullAt: 4,
                },
              ],
            },
            {
              id: 'consumption',
              category: 'customer-success',
              maxPoints: 25,
              components: [
                {
                  kind: 'netQualifying',
                  source: 'usage',
                  workloads: ['d365.*', 'power-platform.*'],
                  per: 'customerWorkload',
                  measure: 'mcv',
                  window: 'month',
                  atLeast: 5000,
                  fullAt: 2,
                },
                {
                  kind: 'growth',
                  source: 'usage',
                  workloads: ['m365.*'],
                  measure: 'activeRatio',
                  window: 'month',
                  mode: 'absolute',
                  maxUnits: 0.2,
                  fullAt: 1,
                },
              ],
            },
            {
              id: 'spread',
              category: 'customer-success',
              maxPoints: 25,
              components: [
                {
                  kind: 'distinctWorkloads',
                  workloads: { include: ['azure.*'], exclude: ['azure.firewall'] },
                  greaterThan: 0,
                  fullAt: 3,
                },
                {
                  kind: 'growth',
                  source: 'usage',
                  workloads: ['*'],
                  measure: 'paidLicenses',
                  window: 'month',
                  mode: 'absolute',
                  minCurrent: 50,
                  fullAt: 400,
                },
              ],
            },
          ],
        },
        {
          id: 'growth-led',
          metrics: [
            {
              id: 'revenue-growth',
              category: 'customer-success',
              maxPoints: 50,
              components: [
                {
                  kind: 'growth',
                  source: 'revenue',
                  workloads: ['azure.*'],
                  window: 'ttm',
                  mode: 'percent',
                  minCurrent: 500,
                  fullAt: 40,
                },
              ],
            },
            {
              id: 'active-users',
              category: 'customer-success',
              maxPoints: 30,
              components: [
                {
                  kind: 'growth',
                  source: 'usage',
                  workloads: ['*'],
                  measure: 'activeUsers',
                  window: 'month',
                  mode: 'absolute',
                  fullAt: 300,
                },
                {
                  kind: 'distinctWorkloads',
                  source: 'usage',
                  workloads: ['m365.*'],
                  measure: 'activeUsers',
                  window: 'month',
                  atLeast: 5,
                  atMost: 1000,
                  fullAt: 2,
                },
              ],
            },
            {
              id: 'skills',
              category: 'skilling',
              maxPoints: 20,
              components: [{ kind: 'certifiedPeople', certifications: ['cert-a'], fullAt: 2 }],
            },
          ],
        },
      ],
    },
  ],
});

const instants = [
  '2025-06-01T00:00:00Z',
  '2026-05-20T00:00:00Z',
  '2026-06-25T00:00:00Z',
  '2027-01-01T00:00:00Z',
];
/**
 * Growth needs a baseline in the same month a year before, which additions never touch; without
 * one most tracks are blocked, so half the cases get one (revenue and d365 usage in Y).
 */
function baselineEvents(program: Program, at: string, amountUsd: number, activeUsers: number): InputEvent[] {
  const Y = monthKey(scoredMonth(ms(at), program.dataLagDays) - 12);
  return [
    revenue('base-1', 'azure.sql', Y, amountUsd, { eventId: 'base-revenue' }),
    usage('base-1', 'd365.business-central', Y, activeUsers, activeUsers, { eventId: 'base-d365' }),
    usage('base-2', 'm365.teams', Y, activeUsers, activeUsers * 2, { eventId: 'base-m365' }),
  ];
}

const cases = (program: Program) =>
  fc
    .record({
      events: histories.map(([events]) => events),
      designationId: fc.constantFrom(...program.designations.map((d) => d.id)),
      at: fc.constantFrom(...instants),
      baseline: fc.option(fc.tuple(fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 1, max: 80 })), {
        nil: undefined,
      }),
    })
    .map(({ events, designationId, at, baseline }) => ({
      designationId,
      at,
      history: baseline ? [...baselineEvents(program, at, ...baseline), ...events] : events,
    }));

function qualifiesWith(
  program: Program,
  history: InputEvent[],
  path: QualificationPath,
  at: number,
): boolean {
  const agg = aggregateOf(history);
  for (const suggestion of path.suggestions) for (const event of suggestion.events) applyEvent(agg, event);
  return (
    scorePartner(program, agg, at).designations.find((d) => d.designationId === path.designationId)
      ?.qualified ?? false
  );
}

describe.each([
  ['MCPP', MCPP_PROGRAM],
  ['a program with every component kind', everyKind],
])('path to qualify (%s)', (_name, program) => {
  it('is empty for a partner that qualifies; otherwise its events make the partner qualify, or every track says why not', () => {
    fc.assert(
      fc.property(cases(program), ({ history, designationId, at }) => {
        const T = ms(at);
        const agg = aggregateOf(history);
        const before = JSON.stringify(canonicalAggregate(agg));
        const path = pathToQualify(program, agg, designationId, T);
        // Pure: the partner's aggregate is untouched.
        expect(JSON.stringify(canonicalAggregate(agg))).toBe(before);
        const qualifiesNow = scorePartner(program, agg, T).designations.find(
          (d) => d.designationId === designationId,
        )?.qualified;
        expect(path.qualified).toBe(qualifiesNow);
        if (path.qualified) {
          expect(path.suggestions).toEqual([]);
          return;
        }
        if (!path.reachable) {
          // Only a growth metric whose baseline lies in the past can block a track.
          const tracks = program.designations.find((d) => d.id === designationId)?.tracks.map((t) => t.id);
          expect(path.blocked.map((b) => b.track).sort()).toEqual([...(tracks ?? [])].sort());
          for (const b of path.blocked) expect(b.reasons.join(' ')).toMatch(/baseline/);
          return;
        }
        expect(qualifiesWith(program, history, path, T)).toBe(true);
        // Every suggested event is a valid input event of this partner, and the sizes add up.
        const events = path.suggestions.flatMap((s) => s.events);
        for (const event of events) expect(InputEventSchema.safeParse(event).success).toBe(true);
        expect(events.every((e) => e.partnerId === agg.partnerId)).toBe(true);
        expect(path.additions).toBe(events.length);
        expect(path.suggestions.every((s) => s.count === s.events.length)).toBe(true);
        expect(path.scoreAfter).toBeGreaterThanOrEqual(program.threshold);
        // Once the additions are made, the path is empty.
        const after = aggregateOf([...history, ...events]);
        expect(pathToQualify(program, after, designationId, T)).toMatchObject({
          qualified: true,
          suggestions: [],
          additions: 0,
        });
      }),
      { numRuns: 120 },
    );
  });
});
