// The soak's input: a steady stream over a FIXED universe of facts, so capscore's state must
// level off once every fact has been seen. Each partner has a deterministic set of certification,
// revenue, reversal and link events (same eventId, same body every time they are sent), and the
// stream cycles through that universe in a shuffled order, re-sending it again and again
// (redelivery, which capscore must absorb idempotently), mixed with usage reports that restate a
// bounded set of (customer, workload, month) keys with new figures (so scores move and designation
// events are published). After the first cycle, growing memory means a leak, not data.

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
const REVENUE_WORKLOADS = ['azure.key-vault', 'azure.sentinel', 'azure.firewall', 'azure.front-door', 'azure.bastion', 'azure.virtual-machines'];
const USAGE_WORKLOADS = ['m365.intune', 'm365.defender-for-identity', 'd365.business-central', 'd365.customer-engagement'];
const DAY = 86_400_000;

/** mulberry32: the same seed gives the same stream. */
export function rng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const monthOf = (ms) => new Date(ms).toISOString().slice(0, 7);
const addMonths = (month, delta) => {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + delta;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const monthStartMs = (month) => Date.parse(`${month}-01T00:00:00Z`);

/** Every fixed fact of one partner (the same array on every call). */
export function partnerUniverse(partnerId, index, now) {
  const r = rng(index + 1);
  const lastMonth = addMonths(monthOf(now - 19 * DAY), -1); // MCPP's scored month L
  const events = [];
  for (let person = 0; person < 12; person++) {
    const individualId = `${partnerId}-i${person}`;
    const certs = 1 + Math.floor(r() * 2);
    for (let c = 0; c < certs; c++) {
      const certificationId = CERTS[Math.floor(r() * CERTS.length)];
      const earnedAt = now - Math.floor((30 + r() * 150) * DAY);
      events.push({
        eventId: `${partnerId}-c${person}-${c}`,
        type: 'certification.earned',
        partnerId,
        occurredAt: iso(earnedAt),
        data: { individualId, certificationId, earnedAt: iso(earnedAt), expiresAt: iso(earnedAt + 730 * DAY) },
      });
    }
  }
  events.push({ eventId: `${partnerId}-u0`, type: 'individual.unlinked', partnerId, occurredAt: iso(now - 20 * DAY), data: { individualId: `${partnerId}-i11` } });
  events.push({ eventId: `${partnerId}-l0`, type: 'individual.linked', partnerId, occurredAt: iso(now - 10 * DAY), data: { individualId: `${partnerId}-i11` } });
  for (let customer = 0; customer < 4; customer++) {
    for (let w = 0; w < 2; w++) {
      const workload = REVENUE_WORKLOADS[(customer + w + index) % REVENUE_WORKLOADS.length];
      for (let back = 0; back < 13; back++) {
        const month = addMonths(lastMonth, -back);
        events.push({
          eventId: `${partnerId}-r${customer}-${w}-${month}`,
          type: 'revenue.recorded',
          partnerId,
          occurredAt: iso(monthStartMs(addMonths(month, 1)) + 3 * DAY),
          data: { customerId: `${partnerId}-cu${customer}`, workload, month, amountUsd: Math.round(200_000 + r() * 900_000) / 100 },
        });
      }
    }
  }
  events.push({ eventId: `${partnerId}-rv0`, type: 'revenue.reversed', partnerId, occurredAt: iso(now - 5 * DAY), data: { reversesEventId: `${partnerId}-r0-0-${lastMonth}` } });
  return events;
}

/** A usage report restating one of a partner's bounded set of (customer, workload, month) keys. */
export function usageReport(partnerId, r, now, seq) {
  const lastMonth = addMonths(monthOf(now - 19 * DAY), -1);
  const paidLicenses = 20 + Math.floor(r() * 200);
  return {
    eventId: `${partnerId}-us${seq}`,
    type: 'usage.reported',
    partnerId,
    occurredAt: iso(now),
    data: {
      // 2 customers x 2 workloads x 3 months: twelve keys per partner, all seen within minutes.
      customerId: `${partnerId}-cu${Math.floor(r() * 2)}`,
      workload: USAGE_WORKLOADS[Math.floor(r() * 2) + (partnerId.length % 3)],
      month: addMonths(lastMonth, -Math.floor(r() * 3)),
      activeUsers: Math.floor(r() * paidLicenses),
      paidLicenses,
    },
  };
}

export const TOPIC_OF = {
  'certification.earned': 'certifications',
  'certification.revoked': 'certifications',
  'individual.unlinked': 'certifications',
  'individual.linked': 'certifications',
  'revenue.recorded': 'revenue',
  'revenue.reversed': 'revenue',
  'usage.reported': 'customerSuccess',
};

/**
 * An endless source: `next()` returns the next event. The fixed universe is visited in a shuffled
 * order, cycle after cycle; `usageShare` of the events are usage restatements.
 */
export function createStream({ partners, seed, now, usageShare = 0.4 }) {
  const r = rng(seed);
  const partnerIds = Array.from({ length: partners }, (_, i) => `soak-${String(i).padStart(5, '0')}`);
  const universe = partnerIds.flatMap((id, i) => partnerUniverse(id, i, now).map((e) => JSON.stringify(e)));
  const order = universe.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
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
    next() {
      if (r() < usageShare) {
        const partnerId = partnerIds[Math.floor(r() * partnerIds.length)];
        const event = usageReport(partnerId, r, Date.now(), usageSeq++);
        return { role: 'customerSuccess', key: partnerId, value: JSON.stringify(event) };
      }
      const text = universe[order[cursor]];
      cursor++;
      if (cursor === order.length) {
        cursor = 0;
        cycles++;
      }
      const event = JSON.parse(text);
      return { role: TOPIC_OF[event.type], key: event.partnerId, value: text };
    },
  };
}
