import type { InputEvent } from '@app/contracts';

/** A partner as the layout-2 store wrote it (stored layouts: unit and migration tests). */
export const LAYOUT_2_PARTNER = 'contoso';
const event = (
  eventId: string,
  type: InputEvent['type'],
  occurredAt: string,
  data: Record<string, unknown>,
): InputEvent => ({ eventId, type, partnerId: LAYOUT_2_PARTNER, occurredAt, data }) as InputEvent;

// Line items (two in one month, one of them reversed), a reversal whose item never came, usage
// reports and a certified person: every kind of digest the stored form keeps.
export const LAYOUT_2_EVENTS: InputEvent[] = [
  event('cert-1', 'certification.earned', '2026-01-10T00:00:00Z', {
    individualId: 'ada',
    certificationId: 'teams-administrator-associate',
    expiresAt: '2028-01-10T00:00:00Z',
  }),
  event('rev-1', 'revenue.recorded', '2026-05-03T00:00:00Z', {
    customerId: 'c1',
    workload: 'azure.sql-database',
    month: '2026-04',
    amountUsd: 1200.5,
  }),
  event('rev-2', 'revenue.recorded', '2026-05-03T00:00:00Z', {
    customerId: 'c1',
    workload: 'azure.sql-database',
    month: '2026-04',
    amountUsd: -20,
  }),
  event('rev-3', 'revenue.recorded', '2026-06-03T00:00:00Z', {
    customerId: 'c1',
    workload: 'azure.sql-database',
    month: '2026-05',
    amountUsd: 900,
  }),
  event('rev-2-undo', 'revenue.reversed', '2026-06-04T00:00:00Z', { reversesEventId: 'rev-2' }),
  event('rev-9-undo', 'revenue.reversed', '2026-06-04T00:00:00Z', { reversesEventId: 'rev-9' }),
  event('use-1', 'usage.reported', '2026-05-04T00:00:00Z', {
    customerId: 'c2',
    workload: 'm365.teams',
    month: '2026-04',
    activeUsers: 200,
    paidLicenses: 350,
  }),
  event('use-2', 'usage.reported', '2026-06-04T00:00:00Z', {
    customerId: 'c2',
    workload: 'm365.teams',
    month: '2026-05',
    activeUsers: 210,
    paidLicenses: 350,
  }),
];

// The stored form of `events` as the layout-2 encoder wrote it (commit 2e5986c, 8-byte digests).
export const LAYOUT_2_FIELDS: Record<string, string> = {
  'c:c1': 'AQAC+70BAQKm0dTqjlpPoOXTDsZKRUPOdvy8AAFgaeDJRyAY2aH+CgA=',
  'c:c2': 'AAEBAvu9AQHIAd4CgNCY9wEg5VnOw3tcu9IB3gIA9hP1IXCZ6ds=',
  'i:ada':
    'eyJsaW5rcyI6W10sImNlcnRzIjp7InRlYW1zLWFkbWluaXN0cmF0b3ItYXNzb2NpYXRlIjp7ImVhcm5lZCI6W1sxNzY4MDAzMjAwMDAwLDE4MzEwNzUyMDAwMDBdXSwicmV2b2tlZCI6W119fX0=',
  x: 'eyJkNDkzNWI5M2FjOTg5ZWY2IjoxNzgwNTMxMjAwMDAwfQ==',
  w: 'WyJhenVyZS5zcWwtZGF0YWJhc2UiLCJtMzY1LnRlYW1zIl0=',
};
