import { randomUUID } from 'node:crypto';
import type { InputEvent } from '@app/contracts';
import { iso } from '@app/simulation';
import {
  CERTS,
  customerIdOf,
  REVENUE_WORKLOADS,
  USAGE_WORKLOADS,
  type PartnerShape,
} from './partner-events.js';

export const SINGLE_EVENT_KINDS = [
  'revenue-existing-customer',
  'revenue-new-customer',
  'usage-newer-report',
  'certification-new-person',
  'revenue-reversed',
] as const;
export type SingleEventKind = (typeof SINGLE_EVENT_KINDS)[number];

const DAY = 86_400_000;

/**
 * The events an already loaded partner typically receives one at a time, each of which changes
 * its aggregate (so the scorer commits a new version). `loaded` is the shape's event list: the
 * reversals take distinct revenue line items of the last month from it.
 */
export class SingleEvents {
  private readonly lastMonthItems: string[];

  constructor(
    readonly shape: PartnerShape,
    loaded: readonly InputEvent[],
    private readonly lastMonth: string,
    private readonly clock: number,
  ) {
    this.lastMonthItems = loaded.flatMap((e) =>
      e.type === 'revenue.recorded' && e.data.month === lastMonth ? [e.eventId] : [],
    );
  }

  /** The `round`-th event of `kind`; every kind's events are distinct across rounds. */
  make(kind: SingleEventKind, round: number): InputEvent {
    const { partnerId, customers, workloads } = this.shape;
    // Recent and before the fixed clock, later than anything loaded, increasing with the round.
    const at = iso(this.clock - 3_600_000 + round * 1_000 + SINGLE_EVENT_KINDS.indexOf(kind));
    const base = { eventId: randomUUID(), partnerId, occurredAt: at };
    const existing = { customerId: customerIdOf(round % customers), w: round % workloads };
    switch (kind) {
      case 'revenue-existing-customer':
        return {
          ...base,
          type: 'revenue.recorded',
          data: {
            customerId: existing.customerId,
            workload: REVENUE_WORKLOADS[existing.w] as string,
            month: this.lastMonth,
            amountUsd: 1234.5,
          },
        };
      case 'revenue-new-customer':
        return {
          ...base,
          type: 'revenue.recorded',
          data: {
            customerId: `customer-new-${round}`,
            workload: REVENUE_WORKLOADS[0] as string,
            month: this.lastMonth,
            amountUsd: 2500,
          },
        };
      case 'usage-newer-report':
        // The loaded report of this cell occurred early in the next month: this one wins by occurredAt.
        return {
          ...base,
          type: 'usage.reported',
          data: {
            customerId: existing.customerId,
            workload: USAGE_WORKLOADS[existing.w] as string,
            month: this.lastMonth,
            paidLicenses: 500,
            activeUsers: 450,
          },
        };
      case 'certification-new-person':
        return {
          ...base,
          type: 'certification.earned',
          data: {
            individualId: `person-new-${round}`,
            certificationId: CERTS[round % CERTS.length] as string,
            earnedAt: at,
            expiresAt: iso(this.clock + 700 * DAY),
          },
        };
      case 'revenue-reversed': {
        const item = this.lastMonthItems[round];
        if (item === undefined) {
          throw new Error(
            `${partnerId}: only ${this.lastMonthItems.length} revenue line items of ${this.lastMonth} to reverse, round ${round} needs one more`,
          );
        }
        return { ...base, type: 'revenue.reversed', data: { reversesEventId: item } };
      }
    }
  }
}
