import type { InputEvent } from '@app/contracts';
import { addMonths, iso, monthStart, Random } from '@app/simulation';

/** A partner of a given size, generated event by event (shared by the memory and partner-size phases). */
export interface PartnerShape {
  partnerId: string;
  people: number;
  customers: number;
  workloads: number;
  months: number;
  /** uuid: random UUIDs (incompressible); sequential: like the contract's "rev-2026-05-0001". */
  ids: 'uuid' | 'sequential';
}

const MINUTE = 60_000;
const DAY = 86_400_000;
export const CERTS = [
  'azure-administrator-associate',
  'azure-solutions-architect-expert',
  'azure-ai-engineer-associate',
  'teams-administrator-associate',
  'security-operations-analyst-associate',
];
export const REVENUE_WORKLOADS = [
  'azure.sql-database',
  'azure.cosmos-db',
  'azure.key-vault',
  'azure.machine-learning',
];
export const USAGE_WORKLOADS = ['m365.teams', 'm365.exchange-online', 'm365.intune', 'm365.sharepoint'];

export const customerIdOf = (c: number): string => `customer-${String(c).padStart(4, '0')}`;

/** Upstream ids look like UUIDs: the realistic size of an eventId stored per revenue line item. */
function uuid(rng: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng.next() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Every event of a partner of the given shape: people × 1 certification, revenue and usage per customer × workload × month. */
export function partnerEvents(shape: PartnerShape, lastMonth: string, seed: number): InputEvent[] {
  const rng = new Random(seed);
  const { partnerId } = shape;
  const events: InputEvent[] = [];
  let seq = 0;
  const id = (kind: string, month: string) =>
    shape.ids === 'uuid' ? uuid(rng) : `${kind}-${month}-${String(seq++).padStart(6, '0')}`;
  const certAt = monthStart(addMonths(lastMonth, -3));
  for (let p = 0; p < shape.people; p++) {
    // One day apart for the first 60 people (as before), then a minute apart within those days:
    // with thousands of people, p days would pass the clock and the 730-day expiry (invalid).
    const at = iso(certAt + (p % 60) * DAY + Math.floor(p / 60) * MINUTE);
    events.push({
      eventId: id('cert', lastMonth),
      type: 'certification.earned',
      partnerId,
      occurredAt: at,
      data: {
        individualId: `person-${p}`,
        certificationId: CERTS[p % CERTS.length] as string,
        earnedAt: at,
        expiresAt: iso(certAt + 730 * DAY),
      },
    });
  }
  for (let c = 0; c < shape.customers; c++) {
    for (let w = 0; w < shape.workloads; w++) {
      for (let k = shape.months - 1; k >= 0; k--) {
        const month = addMonths(lastMonth, -k);
        const at = iso(monthStart(addMonths(month, 1)) + 3 * DAY);
        const customerId = customerIdOf(c);
        events.push({
          eventId: id('rev', month),
          type: 'revenue.recorded',
          partnerId,
          occurredAt: at,
          data: {
            customerId,
            workload: REVENUE_WORKLOADS[w] as string,
            month,
            amountUsd: Math.round(rng.next() * 500_000) / 100,
          },
        });
        const paidLicenses = 20 + Math.floor(rng.next() * 400);
        events.push({
          eventId: id('use', month),
          type: 'usage.reported',
          partnerId,
          occurredAt: at,
          data: {
            customerId,
            workload: USAGE_WORKLOADS[w] as string,
            month,
            paidLicenses,
            activeUsers: Math.floor(paidLicenses * rng.next()),
          },
        });
      }
    }
  }
  return events;
}
