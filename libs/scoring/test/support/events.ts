import type { InputEvent } from '@app/contracts';
import {
  type PartnerAggregate,
  type Program,
  type DesignationScore,
  type MetricScore,
  applyEvent,
  emptyAggregate,
  parseProgram,
  scorePartner,
} from '../../src/index.js';

/** Event factories for specs. Ids come from a counter unless given: pass one where it matters. */
export const PARTNER = 'partner-1';
let counter = 0;
const nextId = (prefix: string): string => `${prefix}-${++counter}`;

export const ms = (iso: string): number => Date.parse(iso);

interface Opts {
  eventId?: string;
  occurredAt?: string;
  partnerId?: string;
}

function envelope<T extends InputEvent['type']>(type: T, occurredAt: string, opts: Opts) {
  return {
    eventId: opts.eventId ?? nextId(type),
    type,
    partnerId: opts.partnerId ?? PARTNER,
    occurredAt: opts.occurredAt ?? occurredAt,
  };
}

export function earned(
  individualId: string,
  certificationId: string,
  earnedAt: string,
  opts: Opts & { expiresAt?: string } = {},
): InputEvent {
  return {
    ...envelope('certification.earned', earnedAt, opts),
    data: {
      individualId,
      certificationId,
      earnedAt,
      ...(opts.expiresAt ? { expiresAt: opts.expiresAt } : {}),
    },
  };
}

export function revoked(
  individualId: string,
  certificationId: string,
  at: string,
  opts: Opts = {},
): InputEvent {
  return { ...envelope('certification.revoked', at, opts), data: { individualId, certificationId } };
}

export function unlinked(individualId: string, at: string, opts: Opts = {}): InputEvent {
  return { ...envelope('individual.unlinked', at, opts), data: { individualId } };
}

export function linked(individualId: string, at: string, opts: Opts = {}): InputEvent {
  return { ...envelope('individual.linked', at, opts), data: { individualId } };
}

/** A revenue line item; occurredAt defaults to the 5th of the following month. */
export function revenue(
  customerId: string,
  workload: string,
  month: string,
  amountUsd: number,
  opts: Opts = {},
): InputEvent {
  return {
    ...envelope('revenue.recorded', reportedAfter(month), opts),
    data: { customerId, workload, month, amountUsd },
  };
}

export function reversal(reversesEventId: string, at: string, opts: Opts = {}): InputEvent {
  return { ...envelope('revenue.reversed', at, opts), data: { reversesEventId } };
}

export function usage(
  customerId: string,
  workload: string,
  month: string,
  activeUsers: number,
  paidLicenses: number,
  opts: Opts = {},
): InputEvent {
  return {
    ...envelope('usage.reported', reportedAfter(month), opts),
    data: { customerId, workload, month, activeUsers, paidLicenses },
  };
}

function reportedAfter(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 5)).toISOString();
}

/**
 * The usage of the modern-work scenarios (L = 2026-05, Y = 2025-05 at 2026-06-25): enterprise
 * net-customer-adds 12, usage-growth 20.7 and deployments 20 points; the certifications decide.
 */
export function modernWorkUsage(): InputEvent[] {
  return [
    usage('c1', 'm365.teams', '2025-05', 100, 400),
    usage('c1', 'm365.teams', '2026-05', 200, 400), // ratio 0.5
    usage('c2', 'm365.exchange', '2026-05', 150, 301), // 0.498
    usage('c3', 'm365.teams', '2026-05', 140, 350), // 0.4 = floor
    usage('c4', 'm365.intune', '2026-05', 300, 500), // 0.6
  ];
}

/** `n` individuals `${prefix}1…` each earning the certification (valid 2026-01-10 → 2028-01-10). */
export function certified(prefix: string, n: number, certificationId: string): InputEvent[] {
  return Array.from({ length: n }, (_, i) =>
    earned(`${prefix}${i + 1}`, certificationId, '2026-01-10T00:00:00Z', {
      expiresAt: '2028-01-10T00:00:00Z',
    }),
  );
}

export function aggregateOf(events: InputEvent[], partnerId = PARTNER): PartnerAggregate {
  const agg = emptyAggregate(partnerId);
  for (const e of events) applyEvent(agg, e);
  return agg;
}

export function designationScore(
  program: Program,
  events: InputEvent[],
  at: string,
  designationId: string,
): DesignationScore {
  const score = scorePartner(program, aggregateOf(events), ms(at)).designations.find(
    (d) => d.designationId === designationId,
  );
  if (!score) throw new Error(`no designation ${designationId}`);
  return score;
}

export function metricOf(score: DesignationScore, metricId: string): MetricScore {
  const metric = score.metrics.find((m) => m.id === metricId);
  if (!metric) throw new Error(`no metric ${metricId}`);
  return metric;
}

/** points by metric id, for compact assertions. */
export function pointsOf(score: DesignationScore): Record<string, number> {
  return Object.fromEntries(score.metrics.map((m) => [m.id, m.points]));
}

/**
 * A program with one designation "d", one track "t" and one metric "m" holding the given
 * components: isolates a component kind. Threshold 0 so any total passes validation.
 */
export function singleMetricProgram(
  components: Record<string, unknown>[],
  opts: {
    maxPoints?: number;
    gates?: Record<string, unknown>[];
    dataLagDays?: number;
    certifications?: string[];
  } = {},
): Program {
  return parseProgram({
    id: 'test',
    version: '1',
    threshold: 0,
    dataLagDays: opts.dataLagDays ?? 0,
    workloadRates: { 'd365.business-central': 1000, 'power-platform.apps': 200 },
    certifications: opts.certifications ?? ['cert-a', 'cert-b', 'cert-c'],
    designations: [
      {
        id: 'd',
        tracks: [
          {
            id: 't',
            metrics: [
              {
                id: 'm',
                category: 'performance',
                maxPoints: opts.maxPoints ?? 100,
                gates: opts.gates ?? [],
                components,
              },
            ],
          },
        ],
      },
    ],
  });
}

/** The single metric of a singleMetricProgram scored at `at`. */
export function singleMetric(program: Program, events: InputEvent[], at: string): MetricScore {
  return metricOf(designationScore(program, events, at, 'd'), 'm');
}
