import { applyEvent, canonicalAggregate, pruneAggregate, revenueDigest, scorePartner } from '../src/index.js';
import {
  aggregateOf,
  earned,
  linked,
  ms,
  revenue,
  reversal,
  revoked,
  singleMetricProgram,
  unlinked,
  usage,
} from './support/events.js';

// dataLagDays 0: at now = 2026-06-10, L = 2026-05 and the oldest month kept is L − 23 = 2024-06.
const NOW = ms('2026-06-10T00:00:00Z');
const program = singleMetricProgram([
  { kind: 'growth', source: 'revenue', workloads: ['*'], window: 'ttm', mode: 'absolute', fullAt: 1000 },
  { kind: 'certifiedPeople', certifications: ['cert-a'], fullAt: 10 },
]);

describe('pruneAggregate', () => {
  it('drops revenue and usage months before L − 23 and keeps L − 23', () => {
    const agg = aggregateOf([
      revenue('c1', 'azure.sql', '2024-05', 1),
      revenue('c1', 'azure.sql', '2024-06', 2),
      usage('c2', 'm365.teams', '2024-05', 1, 1),
      usage('c3', 'm365.teams', '2024-06', 1, 1),
    ]);
    pruneAggregate(agg, program, NOW);
    const pruned = canonicalAggregate(agg);
    expect(Object.keys(pruned.revenue['c1']!['azure.sql']!)).toEqual(['2024-06']);
    expect(Object.keys(pruned.usage)).toEqual(['c3']); // c2 had only an old month
  });

  it('drops expired spans, superseded old revocations and link changes, and stale orphan reversals', () => {
    const agg = aggregateOf([
      earned('ann', 'cert-a', '2023-01-01T00:00:00Z', { expiresAt: '2024-06-01T00:00:00Z' }), // ends at the horizon
      earned('ann', 'cert-a', '2023-02-01T00:00:00Z'), // killed by the 2024-03 revocation
      earned('ann', 'cert-a', '2024-04-01T00:00:00Z'), // after it: stays
      revoked('ann', 'cert-a', '2024-01-01T00:00:00Z'),
      revoked('ann', 'cert-a', '2024-03-01T00:00:00Z'),
      unlinked('bob', '2023-01-01T00:00:00Z'),
      linked('bob', '2023-06-01T00:00:00Z'), // equals the default: goes
      unlinked('cat', '2023-01-01T00:00:00Z'), // latest old change, an unlink: stays
      linked('cat', '2025-01-01T00:00:00Z'),
      reversal('never-seen', '2024-05-31T00:00:00Z'),
      reversal('seen-later', '2024-06-01T00:00:00Z'),
    ]);
    pruneAggregate(agg, program, NOW);
    const pruned = canonicalAggregate(agg);
    expect(pruned.people['ann']!.certs['cert-a']).toEqual({
      earned: [[ms('2024-04-01T00:00:00Z'), null]],
      revoked: [ms('2024-03-01T00:00:00Z')],
    });
    expect(pruned.people['bob']).toBeUndefined();
    expect(pruned.people['cat']!.links.map((l) => l[1])).toEqual([0, 1]);
    expect(Object.keys(pruned.reversals)).toEqual([revenueDigest('seen-later')]);
  });

  it('does not change the score at now or later', () => {
    const events = [
      revenue('c1', 'azure.sql', '2024-05', 100),
      revenue('c1', 'azure.sql', '2024-06', 100),
      revenue('c1', 'azure.sql', '2026-05', 300),
      earned('ann', 'cert-a', '2023-01-01T00:00:00Z'),
      revoked('ann', 'cert-a', '2023-06-01T00:00:00Z'),
      earned('bob', 'cert-a', '2023-01-01T00:00:00Z', { expiresAt: '2027-01-01T00:00:00Z' }),
    ];
    const pruned = aggregateOf(events);
    pruneAggregate(pruned, program, NOW);
    for (const at of [NOW, ms('2026-09-01T00:00:00Z'), ms('2027-02-01T00:00:00Z')]) {
      expect(scorePartner(program, pruned, at)).toEqual(scorePartner(program, aggregateOf(events), at));
    }
    // A redelivered old earned event stays revoked after pruning: only bob counts.
    applyEvent(pruned, earned('ann', 'cert-a', '2023-01-01T00:00:00Z'));
    // value = growth (ttm(L) 300 − ttm(Y) 100 = 200) + certified people (bob = 1)
    expect(scorePartner(program, pruned, NOW).designations[0]!.metrics[0]!.value).toBe(201);
  });
});
