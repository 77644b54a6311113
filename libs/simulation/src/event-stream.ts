import { topicRoleOfType, type InputEvent, type InputTopicRole } from '@app/contracts';
import { malformed } from './invalid-records.js';
import { addMonths, iso, monthStart } from './months.js';
import { ARCHETYPES, partnerFacts, type Archetype } from './partner-profiles.js';
import { Random } from './random.js';

export interface SimulationOptions {
  seed: number;
  partners: number;
  /** The month every partner's history ends with ("YYYY-MM"): the scored month L to aim at. */
  lastMonth: string;
  /** Months of history per partner (25 = L−24 … L). */
  months?: number;
  partnerPrefix?: string;
  duplicateRate?: number;
  invalidRate?: number;
  reversalRate?: number;
  revocationRate?: number;
  unlinkRate?: number;
  /** Share of certifications that expire shortly after L (exercises expiry timers). */
  expiringRate?: number;
}

export interface SimRecord {
  role: InputTopicRole;
  key: string | null;
  value: string | Buffer;
  /** The valid event carried, or null for a malformed record that must be dead-lettered. */
  event: InputEvent | null;
}

export interface Simulation {
  records: SimRecord[];
  partnerIds: string[];
  archetypes: Map<string, Archetype>;
  /** First instant at which all facts are in effect: the 20th of L+1 (MCPP moves L on the 20th). */
  settledAt: number;
}

const DAY = 86_400_000;

/**
 * A reproducible stream of partner events in the shape of contracts.md §1: certifications,
 * revenue and usage for L−months+1 … L, with exact duplicates, reversals (sometimes before the
 * item), revocations, unlinked people, usage restatements and malformed records. Within a
 * partner the order is shuffled; partners are interleaved.
 */
export function simulate(options: SimulationOptions): Simulation {
  const rng = new Random(options.seed);
  const months = options.months ?? 25;
  const prefix = options.partnerPrefix ?? 'partner';
  const certWindowStart = monthStart(addMonths(options.lastMonth, -6));
  const certWindowEnd = monthStart(addMonths(options.lastMonth, 1));
  const perPartner: SimRecord[][] = [];
  const partnerIds: string[] = [];
  const archetypes = new Map<string, Archetype>();

  for (let p = 0; p < options.partners; p++) {
    const partnerId = `${prefix}-${String(p).padStart(5, '0')}`;
    const archetype = ARCHETYPES[p % ARCHETYPES.length] as Archetype;
    partnerIds.push(partnerId);
    archetypes.set(partnerId, archetype);
    const facts = partnerFacts(rng, archetype, options.lastMonth, months);
    const events: InputEvent[] = [];
    let seq = 0;
    const id = () => `${partnerId}-e${seq++}`;

    for (const person of facts.people) {
      for (const certificationId of person.certificationIds) {
        const earnedAt = certWindowStart + Math.floor(rng.next() * (certWindowEnd - certWindowStart));
        const expiring = rng.chance(options.expiringRate ?? 0.02);
        const expiresAt = expiring ? certWindowEnd + rng.int(25, 60) * DAY : earnedAt + 730 * DAY;
        events.push({
          eventId: id(),
          type: 'certification.earned',
          partnerId,
          occurredAt: iso(earnedAt),
          data: {
            individualId: person.individualId,
            certificationId,
            earnedAt: iso(earnedAt),
            expiresAt: iso(expiresAt),
          },
        });
        if (rng.chance(options.revocationRate ?? 0.02)) {
          events.push({
            eventId: id(),
            type: 'certification.revoked',
            partnerId,
            occurredAt: iso(earnedAt + rng.int(1, 20) * DAY),
            data: { individualId: person.individualId, certificationId },
          });
        }
      }
      if (rng.chance(options.unlinkRate ?? 0.02)) {
        const at = certWindowStart + Math.floor(rng.next() * (certWindowEnd - certWindowStart));
        events.push({
          eventId: id(),
          type: 'individual.unlinked',
          partnerId,
          occurredAt: iso(at),
          data: { individualId: person.individualId },
        });
        if (rng.chance(0.5)) {
          events.push({
            eventId: id(),
            type: 'individual.linked',
            partnerId,
            occurredAt: iso(at + rng.int(1, 30) * DAY),
            data: { individualId: person.individualId },
          });
        }
      }
    }
    for (const r of facts.revenue) {
      const at = monthStart(addMonths(r.month, 1)) + rng.int(1, 9) * DAY;
      const recorded: InputEvent = {
        eventId: id(),
        type: 'revenue.recorded',
        partnerId,
        occurredAt: iso(at),
        data: { ...r },
      };
      events.push(recorded);
      if (rng.chance(options.reversalRate ?? 0.03)) {
        events.push({
          eventId: id(),
          type: 'revenue.reversed',
          partnerId,
          occurredAt: iso(at + rng.int(1, 5) * DAY),
          data: { reversesEventId: recorded.eventId },
        });
      }
    }
    for (const u of facts.usage) {
      const at = monthStart(addMonths(u.month, 1)) + rng.int(1, 5) * DAY;
      events.push({ eventId: id(), type: 'usage.reported', partnerId, occurredAt: iso(at), data: { ...u } });
      if (rng.chance(0.05)) {
        // A restatement: the later report wins whatever order they arrive in.
        const restated = { ...u, activeUsers: Math.round(u.activeUsers * 0.8) };
        events.push({
          eventId: id(),
          type: 'usage.reported',
          partnerId,
          occurredAt: iso(at + 3 * DAY),
          data: restated,
        });
      }
    }

    const records: SimRecord[] = events.map((event) => ({
      role: topicRoleOfType(event.type),
      key: partnerId,
      value: JSON.stringify(event),
      event,
    }));
    const duplicates = records.filter(() => rng.chance(options.duplicateRate ?? 0.05)).map((r) => ({ ...r }));
    const invalid = events
      .filter(() => rng.chance(options.invalidRate ?? 0.012))
      .map((event): SimRecord => ({ ...malformed(event, topicRoleOfType(event.type), rng), event: null }));
    perPartner.push(rng.shuffle([...records, ...duplicates, ...invalid]));
  }

  const records = interleave(perPartner, rng);
  return {
    records,
    partnerIds,
    archetypes,
    settledAt: monthStart(addMonths(options.lastMonth, 1)) + 19 * DAY,
  };
}

/** Round-robins partners in random order so every partition sees every partner's stream spread out. */
function interleave(lists: SimRecord[][], rng: Random): SimRecord[] {
  const out: SimRecord[] = [];
  const cursors = lists.map(() => 0);
  let remaining = lists.reduce((n, l) => n + l.length, 0);
  while (remaining > 0) {
    const i = rng.int(0, lists.length - 1);
    const list = lists[i] as SimRecord[];
    const c = cursors[i] as number;
    if (c >= list.length) {
      // Skip exhausted partners quickly by scanning forward.
      const j = lists.findIndex((l, k) => (cursors[k] as number) < l.length);
      if (j < 0) break;
      out.push((lists[j] as SimRecord[])[cursors[j] as number] as SimRecord);
      cursors[j] = (cursors[j] as number) + 1;
    } else {
      out.push(list[c] as SimRecord);
      cursors[i] = c + 1;
    }
    remaining--;
  }
  return out;
}
