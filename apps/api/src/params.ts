import { BadRequestException } from '@nestjs/common';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Date.parse rolls 2026-02-30 over to March 2; an impossible calendar date is malformed. */
function isCalendarValid(match: RegExpExecArray): boolean {
  const [y, mo, d, h = 0, mi = 0, s = 0] = match.slice(1).map((g) => (g === undefined ? undefined : Number(g)));
  if (y === undefined || mo === undefined || d === undefined) return false;
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h <= 23 && mi <= 59 && s <= 59;
}

/** Parses an ISO-8601 query parameter; a malformed value is a 400 that names the parameter. */
export function parseInstantParam(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const at = Date.parse(value);
  const match = ISO.exec(value);
  if (!match || !isCalendarValid(match) || Number.isNaN(at)) {
    throw new BadRequestException({ error: 'bad-parameter', parameter: name, message: `${name} must be an ISO-8601 instant such as 2026-06-15T00:00:00Z` });
  }
  return at;
}

export function parseIntParam(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new BadRequestException({ error: 'bad-parameter', parameter: name, message: `${name} must be an integer from ${min} to ${max}` });
  }
  return n;
}

export const PARTNER_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function checkPartnerId(partnerId: string): string {
  if (!PARTNER_ID.test(partnerId)) {
    throw new BadRequestException({ error: 'bad-parameter', parameter: 'partnerId', message: 'partnerId is 1..64 chars of [A-Za-z0-9._:-]' });
  }
  return partnerId;
}
