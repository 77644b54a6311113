// The soak's input: a steady stream over a FIXED universe of facts, so capscore's state must
// level off once every fact has been seen. Each partner has a deterministic set of certification,
// revenue, reversal and link events (same eventId, same body every time they are sent), and the
// stream cycles through that universe in a shuffled order, re-sending it again and again
// (redelivery, which capscore must absorb idempotently), mixed with usage reports that restate a
// bounded set of (customer, workload, month) keys with new figures (so scores move and designation
// events are published). After the first cycle, growing memory means a leak, not data.
import { type InputEvent, type InputTopicRole, topicRoleOfType } from '@app/contracts';
import { addMonths, iso, monthStart, Random } from '@app/simulation';

const CERTS = [
  'azure-administrator-associate',
  'azure-solutions-architect-expert',
  'azure-ai-engineer-associate',
  'azure-data-scientist-associate',
  'power-bi-data-analyst-associate',
  'azure-network-engineer-associate',
  'azure-developer-associate',
  'azure-security-engineer-associate',
  'security-operations-analyst-associate',
  'identity-and-access-administrator-associate',
  'teams-administrator-associate',
  'endpoint-administrator-associate',
];
const REVENUE_WORKLOADS = [
  'azure.key-vault',
  'azure.sentinel',
  'azure.firewall',
  'azure.front-door',
  'azure.bastion',
  'azure.virtual-machines',
];
const USAGE_WORKLOADS = [
  'm365.intune',
  'm365.defender-for-identity',
  'd365.business-central',
  'd365.customer-engagement',
];
const DAY = 86_400_000;

const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);
/** MCPP's scored month L at `now`. */
const scoredMonth = (now: number) => addMonths(monthOf(now - 19 * DAY), -1);
const pick = <T>(list: readonly T[], index: number): T => list[index % list.length] as T;

/** Every fixed fact of one partner (the same events on every call). */
export function partnerUniverse(partnerId: string, index: number, now: number): InputEvent[] {
  const r = new Random(index + 1);
  const lastMonth = scoredMonth(now);
  const events: InputEvent[] = [];
  for (let person = 0; person < 12; person++) {
    const individualId = `${partnerId}-i${person}`;
    const certs = 1 + Math.floor(r.next() * 2);
    for (let c = 0; c < certs; c++) {
      const certificationId = pick(CERTS, Math.floor(r.next() * CERTS.length));
      const earnedAt = now - Math.floor((30 + r.next() * 150) * DAY);
      events.push({
        eventId: `${partnerId}-c${person}-${c}`,
        type: 'certification.earned',
        partnerId,
        occurredAt: iso(earnedAt),
        data: {
          individualId,
          certificationId,
          earnedAt: iso(earnedAt),
          expiresAt: iso(earnedAt + 730 * DAY),
        },
      });
    }
  }
  events.push({
    eventId: `${partnerId}-u0`,
    type: 'individual.unlinked',
    partnerId,
    occurredAt: iso(now - 20 * DAY),
    data: { individualId: `${partnerId}-i11` },
  });
  events.push({
    eventId: `${partnerId}-l0`,
    type: 'individual.linked',
    partnerId,
    occurredAt: iso(now - 10 * DAY),
    data: { individualId: `${partnerId}-i11` },
  });
  for (let customer = 0; customer < 4; customer++) {
    for (let w = 0; w < 2; w++) {
      const workload = pick(REVENUE_WORKLOADS, customer + w + index);
      for (let back = 0; back < 13; back++) {
        const month = addMonths(lastMonth, -back);
        events.push({
          eventId: `${partnerId}-r${customer}-${w}-${month}`,
          type: 'revenue.recorded',
          partnerId,
          occurredAt: iso(monthStart(addMonths(month, 1)) + 3 * DAY),
          data: {
            customerId: `${partnerId}-cu${customer}`,
            workload,
            month,
            amountUsd: Math.round(200_000 + r.next() * 900_000) / 100,
          },
        });
      }
    }
  }
  events.push({
    eventId: `${partnerId}-rv0`,
    type: 'revenue.reversed',
    partnerId,
    occurredAt: iso(now - 5 * DAY),
    data: { reversesEventId: `${partnerId}-r0-0-${lastMonth}` },
  });
  return events;
}

/** A usage report restating one of a partner's bounded set of (customer, workload, month) keys. */
export function usageReport(partnerId: string, r: Random, now: number, seq: number): InputEvent {
  const paidLicenses = 20 + Math.floor(r.next() * 200);
  return {
    eventId: `${partnerId}-us${seq}`,
    type: 'usage.reported',
    partnerId,
    occurredAt: iso(now),
    data: {
      // 2 customers x 2 workloads x 3 months: twelve keys per partner, all seen within minutes.
      customerId: `${partnerId}-cu${Math.floor(r.next() * 2)}`,
      workload: pick(USAGE_WORKLOADS, Math.floor(r.next() * 2) + (partnerId.length % 3)),
      month: addMonths(scoredMonth(now), -Math.floor(r.next() * 3)),
      activeUsers: Math.floor(r.next() * paidLicenses),
      paidLicenses,
    },
  };
}

export interface SoakRecord {
  role: InputTopicRole;
  key: string;
  value: string;
}

export interface SoakStream {
  readonly partnerIds: string[];
  readonly universeSize: number;
  /** Complete passes through the fixed universe so far. */
  readonly cycles: number;
  next(): SoakRecord;
}

/**
 * An endless source: `next()` returns the next record. The fixed universe is visited in a
 * shuffled order, cycle after cycle; `usageShare` of the records are usage restatements.
 */
export function createSoakStream(options: {
  partners: number;
  seed: number;
  now: number;
  usageShare?: number;
}): SoakStream {
  const usageShare = options.usageShare ?? 0.4;
  const r = new Random(options.seed);
  const partnerIds = Array.from({ length: options.partners }, (_, i) => `soak-${String(i).padStart(5, '0')}`);
  const universe = partnerIds.flatMap((id, i) =>
    partnerUniverse(id, i, options.now).map((e): SoakRecord => ({
      role: topicRoleOfType(e.type),
      key: e.partnerId,
      value: JSON.stringify(e),
    })),
  );
  const order = universe.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  let cursor = 0;
  let cycles = 0;
  let usageSeq = 0;
  return {
    partnerIds,
    universeSize: universe.length,
    get cycles() {
      return cycles;
    },
    next(): SoakRecord {
      if (r.next() < usageShare) {
        const partnerId = pick(partnerIds, Math.floor(r.next() * partnerIds.length));
        return {
          role: 'customerSuccess',
          key: partnerId,
          value: JSON.stringify(usageReport(partnerId, r, Date.now(), usageSeq++)),
        };
      }
      const record = universe[order[cursor] as number] as SoakRecord;
      cursor++;
      if (cursor === order.length) {
        cursor = 0;
        cycles++;
      }
      return record;
    },
  };
}
