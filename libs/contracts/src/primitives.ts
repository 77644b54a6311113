import { z } from 'zod';

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO-8601 instant with an explicit offset. The regex alone accepts 2026-02-30, so the
 * calendar date is checked as well: an impossible date is a malformed event, not a guess.
 */
export const isoInstant = z.string().superRefine((value, ctx) => {
  const match = ISO_INSTANT.exec(value);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 instant such as 2026-03-14T09:30:00Z' });
    return;
  }
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  const valid =
    mo >= 1 && mo <= 12 && day.getUTCDate() === d && day.getUTCMonth() === mo - 1 && h <= 23 && mi <= 59 && s <= 59;
  if (!valid || Number.isNaN(Date.parse(value))) {
    ctx.addIssue({ code: 'custom', message: `impossible date or time: ${value}` });
  }
});

/**
 * Epoch milliseconds of `text` if `isoInstant` accepts it, else undefined. Every instant capscore
 * reads as text (events, CAPSCORE_CLOCK, the api's asOf and clock, the CLI's --as-of/--from/--to)
 * goes through `isoInstant`, so they all accept and refuse the same strings.
 */
export function parseIsoInstant(text: string): number | undefined {
  return isoInstant.safeParse(text).success ? Date.parse(text) : undefined;
}

export const yearMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');

/** Identifiers chosen by upstream systems: printable, bounded, no control characters. */
export const externalId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\p{Cc}]+$/u, 'control characters are not allowed');

export const partnerId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'partnerId is 1..64 chars of [A-Za-z0-9._:-]');

export const workloadId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'workload ids look like azure.key-vault');

/** Upper bound on money: a line item over a trillion USD is a unit error upstream, not revenue. */
export const MAX_ABS_AMOUNT_USD = 1e12;
/** Upper bound on user and licence counts (a tenant is not larger than the planet). */
export const MAX_COUNT = 1e10;

export const amountUsd = z
  .number()
  .finite()
  .refine((v) => Math.abs(v) <= MAX_ABS_AMOUNT_USD, `|amountUsd| must be at most ${MAX_ABS_AMOUNT_USD}`)
  // At most 2 decimals, judged on the number as written: v.toFixed(2) is the 2-decimal amount
  // nearest v, and reading it back gives v exactly when v is the double that amount parses to.
  // Exact up to the bound (a whole-cent amount under 1e12 has at most 15 significant digits,
  // and distinct such decimals parse to distinct doubles). Multiplying by 100 is not: the product
  // is rounded, by more than a fixed 1e-6 for some whole-cent amounts from about 1e8 dollars on
  // (one in eight above 1e9).
  .refine((v) => Number(v.toFixed(2)) === v, 'amountUsd has at most 2 decimals');

export const count = z.number().int().min(0).max(MAX_COUNT);
