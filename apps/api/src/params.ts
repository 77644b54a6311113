import { BadRequestException } from '@nestjs/common';
import { parseIsoInstant } from '@app/contracts';

/** A bare calendar date, which the api reads as midnight UTC of that day (`asOf=2026-02-01`). */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Parses an ISO-8601 instant parameter with the contracts' `isoInstant` (an explicit offset, a real
 * calendar date: 2026-02-30 is malformed, not March 2), or a bare date as midnight UTC. A malformed
 * value is a 400 that names the parameter.
 */
export function parseInstantParam(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const at = parseIsoInstant(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (at === undefined) {
    throw new BadRequestException({
      error: 'bad-parameter',
      parameter: name,
      message: `${name} must be an ISO-8601 instant such as 2026-06-15T00:00:00Z`,
    });
  }
  return at;
}

export function parseIntParam(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new BadRequestException({
      error: 'bad-parameter',
      parameter: name,
      message: `${name} must be an integer from ${min} to ${max}`,
    });
  }
  return n;
}

export const PARTNER_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function checkPartnerId(partnerId: string): string {
  if (!PARTNER_ID.test(partnerId)) {
    throw new BadRequestException({
      error: 'bad-parameter',
      parameter: 'partnerId',
      message: 'partnerId is 1..64 chars of [A-Za-z0-9._:-]',
    });
  }
  return partnerId;
}

/**
 * Lists page with `cursor` since /v1: an `offset` (the old paging, still sent by clients of the
 * unversioned aliases) is refused rather than ignored, so such a client fails loudly instead of
 * reading page one forever.
 */
export function rejectOffset(offset: string | undefined): void {
  if (offset !== undefined) {
    throw new BadRequestException({
      error: 'bad-parameter',
      parameter: 'offset',
      message: 'offset paging was replaced by cursor: pass the nextCursor of the previous page as ?cursor=',
    });
  }
}
