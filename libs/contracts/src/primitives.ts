import { z } from 'zod';

/** The form of an instant, as a pattern (instantForm checks it without a regex match). */
export const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO-8601 instant with an explicit offset. The regex alone accepts 2026-02-30, so the
 * calendar date is checked as well: an impossible date is a malformed event, not a guess.
 */
export const isoInstant = z.string().superRefine((value, ctx) => {
  const form = instantForm(value);
  if (form === 'malformed') {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 instant such as 2026-03-14T09:30:00Z' });
  } else if (form === 'impossible') {
    ctx.addIssue({ code: 'custom', message: `impossible date or time: ${value}` });
  }
});

/**
 * What `isoInstant` makes of a string (the one place that decides it, for zod and the fast path):
 * the form of ISO_INSTANT, then a real calendar date and time of day that Date.parse reads.
 * Written out by hand because every event has one or more (a regex match allocated on the hot
 * path); instant.spec.ts checks it against the regex on generated strings.
 */
export function instantForm(value: string): 'valid' | 'malformed' | 'impossible' {
  const n = value.length;
  if (
    n < 20 ||
    value[4] !== '-' ||
    value[7] !== '-' ||
    value[10] !== 'T' ||
    value[13] !== ':' ||
    value[16] !== ':'
  ) {
    return 'malformed';
  }
  const y = digitsAt(value, 0, 4);
  const mo = digitsAt(value, 5, 2);
  const d = digitsAt(value, 8, 2);
  const h = digitsAt(value, 11, 2);
  const mi = digitsAt(value, 14, 2);
  const s = digitsAt(value, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || s < 0) return 'malformed';
  let i = 19;
  if (value[i] === '.') {
    let end = i + 1;
    while (end < n && isDigit(value.charCodeAt(end))) end++;
    if (end - i - 1 < 1 || end - i - 1 > 9) return 'malformed';
    i = end;
  }
  const zone = value[i];
  if (zone === 'Z') {
    if (i + 1 !== n) return 'malformed';
  } else if (zone === '+' || zone === '-') {
    if (
      i + 6 !== n ||
      digitsAt(value, i + 1, 2) < 0 ||
      value[i + 3] !== ':' ||
      digitsAt(value, i + 4, 2) < 0
    ) {
      return 'malformed';
    }
  } else return 'malformed';
  // Date.UTC reads years 0-99 as 1900-1999, whose leap years the check has always used.
  const valid =
    mo >= 1 &&
    mo <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y < 100 ? 1900 + y : y, mo) &&
    h <= 23 &&
    mi <= 59 &&
    s <= 59;
  return valid && !Number.isNaN(Date.parse(value)) ? 'valid' : 'impossible';
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** The number spelled by `count` ASCII digits at `at`, or -1 if one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Epoch milliseconds of `text` if `isoInstant` accepts it, else undefined. Every instant capscore
 * reads as text (events, CAPSCORE_CLOCK, the api's asOf and clock, the CLI's --as-of/--from/--to)
 * goes through `isoInstant`, so they all accept and refuse the same strings.
 */
export function parseIsoInstant(text: string): number | undefined {
  return instantForm(text) === 'valid' ? Date.parse(text) : undefined;
}

// The patterns are shared with the fast path (fast-validate.ts), so both apply the same rules.
export const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const EXTERNAL_ID = /^[^\p{Cc}]+$/u;
export const PARTNER_ID = /^[A-Za-z0-9._:-]+$/;
export const WORKLOAD_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
export const EXTERNAL_ID_MAX = 128;
export const PARTNER_ID_MAX = 64;
export const WORKLOAD_ID_MAX = 128;

export const yearMonth = z.string().regex(YEAR_MONTH, 'expected a month as YYYY-MM');

/** Identifiers chosen by upstream systems: printable, bounded, no control characters. */
export const externalId = z
  .string()
  .min(1)
  .max(EXTERNAL_ID_MAX)
  .regex(EXTERNAL_ID, 'control characters are not allowed');

export const partnerId = z
  .string()
  .min(1)
  .max(PARTNER_ID_MAX)
  .regex(PARTNER_ID, 'partnerId is 1..64 chars of [A-Za-z0-9._:-]');

export const workloadId = z
  .string()
  .min(1)
  .max(WORKLOAD_ID_MAX)
  .regex(WORKLOAD_ID, 'workload ids look like azure.key-vault');

/** Upper bound on money: a line item over a trillion USD is a unit error upstream, not revenue. */
export const MAX_ABS_AMOUNT_USD = 1e12;
/** Upper bound on user and licence counts (a tenant is not larger than the planet). */
export const MAX_COUNT = 1e10;

/** At most 2 decimals, judged on the number as written (see amountUsd). */
export const hasAtMostTwoDecimals = (v: number): boolean => Number(v.toFixed(2)) === v;

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
  .refine(hasAtMostTwoDecimals, 'amountUsd has at most 2 decimals');

export const count = z.number().int().min(0).max(MAX_COUNT);
