import type { Holding, PartnerAggregate, Person } from './aggregate.js';
import { entriesOf } from './own.js';

/** Linked by default; otherwise the latest link change at or before T decides (spec §2). */
export function isLinkedAt(person: Person, at: number): boolean {
  let linked = true;
  for (const [changedAt, state] of person.links) {
    if (changedAt > at) break;
    linked = state === 1;
  }
  return linked;
}

/**
 * Valid at T iff some span has earnedAt ≤ T < expiresAt and no revocation r of the holding has
 * earnedAt ≤ r ≤ T (spec §2). Revocation before earnedAt does not touch a later renewal.
 */
export function isHoldingValidAt(holding: Holding, at: number): boolean {
  return holding.earned.some(
    ([earnedAt, expiresAt]) =>
      earnedAt <= at &&
      (expiresAt === null || at < expiresAt) &&
      !holding.revoked.some((r) => earnedAt <= r && r <= at),
  );
}

/** certificationId → individuals holding it validly (and linked) at T. */
export type CertificationHolders = Map<string, Set<string>>;

export function certificationHoldersAt(agg: PartnerAggregate, at: number): CertificationHolders {
  const holders: CertificationHolders = new Map();
  for (const [individualId, person] of entriesOf(agg.people)) {
    if (!isLinkedAt(person, at)) continue;
    for (const [certId, holding] of entriesOf(person.certs)) {
      if (!isHoldingValidAt(holding, at)) continue;
      let set = holders.get(certId);
      if (!set) holders.set(certId, (set = new Set()));
      set.add(individualId);
    }
  }
  return holders;
}

/** Distinct individuals holding at least one of the certifications. */
export function countHolders(holders: CertificationHolders, certifications: readonly string[]): number {
  const people = new Set<string>();
  for (const cert of certifications) for (const person of holders.get(cert) ?? []) people.add(person);
  return people.size;
}

export type CertificationChangeKind = 'expiry' | 'timer';

/**
 * The earliest instant strictly after `after` at which some certification validity can change:
 * an expiry ('expiry'), or a validity start, revocation or link change ('timer').
 */
export function nextCertificationChange(
  agg: PartnerAggregate,
  after: number,
): { at: number; kind: CertificationChangeKind } | null {
  let best: { at: number; kind: CertificationChangeKind } | null = null;
  const consider = (at: number, kind: CertificationChangeKind): void => {
    if (at <= after) return;
    if (!best || at < best.at || (at === best.at && kind === 'expiry')) best = { at, kind };
  };
  for (const [, person] of entriesOf(agg.people)) {
    for (const [at] of person.links) consider(at, 'timer');
    for (const [, holding] of entriesOf(person.certs)) {
      for (const [earnedAt, expiresAt] of holding.earned) {
        consider(earnedAt, 'timer');
        if (expiresAt !== null) consider(expiresAt, 'expiry');
      }
      for (const r of holding.revoked) consider(r, 'timer');
    }
  }
  return best;
}
