import { hash } from 'node:crypto';

/**
 * The digest of an eventId (contracts §1): the first 8 bytes of SHA-256 of its UTF-8 bytes, as 16
 * lower-case hex characters. Hex strings of equal length compare like the unsigned big-endian
 * numbers they spell, so `a < b` is the contract's order.
 *
 * Stores keep shorter prefixes of it, never whole ids (layout 3, README "Partner state in Redis"):
 * `revenueDigest` and `usageDigest` below.
 */
export function idDigest(eventId: string): string {
  return hash('sha256', eventId, 'hex').slice(0, 16);
}

/** Bytes of the eventId digest kept per revenue line item (layout 3). */
export const REVENUE_DIGEST_BYTES = 6;
/** Bytes of the eventId digest kept per winning usage report (layout 3). */
export const USAGE_DIGEST_BYTES = 4;

/**
 * A revenue line item is known by the first 6 bytes of its eventId digest: redeliveries are
 * recognised and reversals find their item by it. Collisions only confuse items of one partner.
 * A redelivery or a new item is compared with the items of its own customer, workload and month
 * (a handful): about 10^-14 per event. A reversal is looked up among all of the partner's items:
 * at the largest benchmark shape (1,000,000 line items in one partner) the chance that it matches
 * some other item as well is 10^6 / 2^48 ≈ 3.6 × 10^-9, one reversal in 280 million of that
 * partner's.
 */
export function revenueDigest(eventId: string): string {
  return idDigest(eventId).slice(0, 2 * REVENUE_DIGEST_BYTES);
}

/**
 * A winning usage report keeps the first 4 bytes of its eventId digest: enough to order it against
 * a later report at the same instant (the contract's tie rule), see compareUsage.
 */
export function usageDigest(eventId: string): string {
  return idDigest(eventId).slice(0, 2 * USAGE_DIGEST_BYTES);
}
