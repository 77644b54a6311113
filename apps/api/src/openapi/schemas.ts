import { z } from 'zod';
import { CAUSE_KINDS, DESIGNATION_EVENT_TYPES, DesignationEvent, METRIC_CATEGORIES } from '@app/contracts';

/**
 * The api's response bodies as zod schemas: the OpenAPI document is generated from them
 * (z.toJSONSchema) and the integration tests parse real responses with them, so the document
 * cannot drift from what the api answers. Strict objects: an undocumented field fails the tests.
 */
const instant = z.string().describe('ISO-8601 instant (UTC), e.g. 2026-06-15T00:00:00.000Z');

export const ErrorBody = z
  .strictObject({
    type: z.string().describe('urn:capscore:problem:<error>: the kind of problem (RFC 9457)'),
    title: z.string().describe('the HTTP status in words'),
    status: z.number().int(),
    detail: z.string().describe('for people; never a stack trace'),
    instance: z.string().describe('the request path, without its query'),
    error: z
      .string()
      .describe(
        'stable code (extension member): bad-parameter, not-found, unauthorized, forbidden, clock-not-fixed, internal, ...',
      ),
    parameter: z
      .string()
      .optional()
      .describe('the query/path/body parameter at fault (400 only; extension member)'),
  })
  .describe('RFC 9457 problem details, served as application/problem+json');

export const MetricExplanation = z.strictObject({
  id: z.string(),
  category: z.enum(METRIC_CATEGORIES),
  points: z.number(),
  maxPoints: z.number(),
  value: z.number().describe('the measured value (e.g. certified people, net customers)'),
  missing: z.array(z.string()).describe('what would bring the metric to full points; empty at full points'),
});

export const TrackScore = z.strictObject({ track: z.string(), score: z.number(), qualified: z.boolean() });

export const DesignationScoreView = z.strictObject({
  designationId: z.string(),
  track: z.string().describe('the best track; score, qualified and metrics are this track’s'),
  score: z.number(),
  qualified: z.boolean().describe('score ≥ threshold and every metric above 0 (and every gate met)'),
  tracks: z.array(TrackScore),
  metrics: z.array(MetricExplanation),
  lifecycle: z.strictObject({
    held: z.boolean(),
    grantedAt: instant.nullable(),
    anniversary: instant.nullable(),
    atRisk: z.boolean(),
  }),
});

export const PartnerScores = z.strictObject({
  partnerId: z.string(),
  asOf: instant,
  programId: z.string(),
  programVersion: z.string(),
  threshold: z.number(),
  partialHistory: z.boolean().describe('a past asOf whose year-ago windows reach before the retained months'),
  designations: z.array(DesignationScoreView),
  projectedTransitions: z
    .array(
      z.strictObject({
        type: z.enum(DESIGNATION_EVENT_TYPES),
        designationId: z.string(),
        at: instant,
        cause: z.enum(CAUSE_KINDS),
      }),
    )
    .describe('future asOf only: the transitions between now and asOf if no further event arrived'),
});

const nextCursor = z
  .string()
  .nullable()
  .describe('pass as ?cursor= for the next page; null on the last page (CSV: the Next-Cursor header)');

export const PartnerPage = z
  .strictObject({
    total: z.int().nullable().describe('every partner seen; null for a prefix search'),
    limit: z.int(),
    partners: z.array(
      z.strictObject({
        partnerId: z.string(),
        firstSeen: instant.nullable().describe('null for a prefix search'),
      }),
    ),
    nextCursor,
  })
  .describe('oldest first; with ?prefix= the partners whose id starts with it, in id order');

export const DesignationHolders = z.strictObject({
  designationId: z.string(),
  total: z.int(),
  limit: z.int(),
  partners: z.array(z.strictObject({ partnerId: z.string(), grantedAt: instant })),
  nextCursor,
});

export const DesignationList = z.strictObject({
  programId: z.string(),
  programVersion: z.string(),
  threshold: z.number(),
  designations: z.array(z.strictObject({ designationId: z.string(), name: z.string(), holders: z.int() })),
  nextCursor: z.null().describe('always null: one page'),
});

export const PartnerHistory = z.strictObject({
  partnerId: z.string(),
  threshold: z.number(),
  from: instant,
  to: instant,
  designations: z.array(
    z.strictObject({
      designationId: z.string(),
      months: z
        .array(
          z.strictObject({
            month: z.string().describe('YYYY-MM (UTC)'),
            score: z.number(),
            performance: z.number(),
            skilling: z.number(),
            customerSuccess: z.number(),
            qualified: z.boolean(),
            held: z.boolean(),
          }),
        )
        .describe(
          'the score at the last evaluation of each month; months before the first recorded change are left out',
        ),
      events: z.array(
        z.strictObject({
          eventId: z.string(),
          type: z.enum(DESIGNATION_EVENT_TYPES),
          at: instant,
          score: z.number(),
          qualified: z.boolean(),
        }),
      ),
    }),
  ),
  nextCursor: z.null().describe('always null: one page (at most 25 months per designation)'),
});

export const AtRiskList = z.strictObject({
  designationId: z.string(),
  asOf: instant,
  partners: z.array(
    z.strictObject({
      partnerId: z.string(),
      designationId: z.string(),
      score: z.number(),
      anniversary: instant,
      daysLeft: z.int(),
    }),
  ),
  nextCursor,
});

export const NearMissList = z.strictObject({
  designationId: z.string(),
  threshold: z.number(),
  partners: z.array(
    z.strictObject({
      partnerId: z.string(),
      designationId: z.string(),
      score: z.number(),
      track: z.string(),
      pointsShort: z
        .number()
        .describe('threshold − score, 0 when the score is there and a metric at 0 is what fails'),
      zeroMetrics: z.array(z.string()),
    }),
  ),
  nextCursor,
});

export const Live = z.strictObject({ status: z.literal('ok') });

export const Readiness = z.strictObject({
  status: z.enum(['ok', 'unavailable']),
  redis: z
    .boolean()
    .describe('every Redis server answers (on a cluster: every master, and cluster_state is ok)'),
  redisProblems: z
    .array(z.string())
    .optional()
    .describe(
      'present when a Redis server fails, one line per problem naming its node, e.g. "127.0.0.1:21200 (master): Connection is closed."; a replica is listed without making redis false',
    ),
  kafka: z.boolean().describe('the broker answers and the input topics exist'),
  consumerAssigned: z.boolean().describe('a scorer with a recent heartbeat owns partitions'),
});

export const ClockState = z.strictObject({ now: instant, fixed: z.boolean() });
export const ClockMove = z.strictObject({ now: instant });

export const FeedStatus = z.strictObject({ live: z.boolean() });

export { DesignationEvent };

export const ExpiringCertificationsList = z.strictObject({
  asOf: instant,
  until: instant.describe('asOf + within'),
  partners: z.array(
    z.strictObject({
      partnerId: z.string(),
      nextExpiry: instant.describe('the partner’s next certification expiry'),
      designations: z.array(
        z.strictObject({
          designationId: z.string(),
          pointsLost: z.number().describe('points the certification-based metrics lose by `until`'),
          scoreNow: z.number(),
          scoreAfter: z
            .number()
            .describe('scoreNow − pointsLost: revenue and usage metrics held as they are now'),
          qualifiedNow: z.boolean(),
          qualifiedAfter: z.boolean(),
          metrics: z.array(
            z.strictObject({
              id: z.string(),
              valueNow: z.number(),
              valueAfter: z.number(),
              pointsNow: z.number(),
              pointsAfter: z.number(),
            }),
          ),
        }),
      ),
    }),
  ),
  nextCursor,
});
