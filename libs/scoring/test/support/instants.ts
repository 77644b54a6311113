import type { PartnerAggregate } from '../../src/index.js';
import { ms } from './events.js';

/** Instants every scoring property test reads at: before, inside and after the histories' months. */
export const fixedInstants = [
  '2024-06-01T00:00:00Z',
  '2025-06-01T00:00:00Z',
  '2026-05-19T23:59:59.999Z',
  '2026-05-20T00:00:00Z',
  '2026-06-25T00:00:00Z',
  '2027-02-01T00:00:00Z',
].map(ms);

/** Instants at and around the history's own (validity starts, expiries, revocations, links). */
export function instantsOf(agg: PartnerAggregate): number[] {
  const out = new Set(fixedInstants);
  for (const person of agg.people.values()) {
    const own = [
      ...person.links.map(([at]) => at),
      ...[...person.certs.values()].flatMap((h) => [
        ...h.earned.flatMap(([from, to]) => (to === null ? [from] : [from, to])),
        ...h.revoked,
      ]),
    ];
    for (const at of own) for (const d of [-1, 0, 1]) out.add(at + d);
  }
  return [...out];
}
