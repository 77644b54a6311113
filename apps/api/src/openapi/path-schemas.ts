import { z } from 'zod';
import { CAUSE_KINDS, DESIGNATION_EVENT_TYPES, InputEvent } from '@app/contracts';
import { MetricExplanation } from './schemas.js';

/**
 * Bodies of the path-to-qualify and what-if routes (apps/api/src/partners/path.controller.ts),
 * kept apart from schemas.ts so the v1 routes of another change do not collide with them.
 * Strict objects, parsed by the integration test against real answers.
 */
const instant = z.string().describe('ISO-8601 instant (UTC), e.g. 2026-06-15T00:00:00.000Z');

export const PathFigure = z.strictObject({
  workload: z.string(),
  amountUsd: z.number().optional(),
  activeUsers: z.int().optional(),
  paidLicenses: z.int().optional(),
});

export const PathSuggestion = z.strictObject({
  metricId: z.string(),
  kind: z.enum(['certifiedPeople', 'netQualifying', 'distinctWorkloads', 'growth']),
  count: z
    .int()
    .describe('people, customers or workloads added (1 for a growth top-up); also the number of events'),
  text: z.string().describe('the suggestion in the program’s terms, for people'),
  points: z
    .number()
    .describe('points the track gains when this suggestion is added after the ones listed before it'),
  certification: z.string().optional(),
  alternatives: z.array(z.string()).optional().describe('certifications with the same effect'),
  forGateOnly: z.boolean().optional().describe('the people only complete a gate of the metric'),
  source: z.enum(['revenue', 'usage']).optional(),
  month: z.string().optional().describe('the month of the figures: the scored month L'),
  figures: z.array(PathFigure).optional().describe('one per event, each of its own hypothetical customer'),
  events: z.array(InputEvent).describe('the input events that realise the suggestion (contracts §1)'),
});

export const QualificationPathView = z.strictObject({
  partnerId: z.string(),
  designationId: z.string(),
  at: instant,
  threshold: z.number(),
  qualified: z.boolean().describe('qualifies already: the path is empty'),
  score: z.number().describe('the best track’s score at `at`'),
  track: z.string().nullable().describe('the track the path makes qualify; null when no path exists'),
  reachable: z.boolean(),
  additions: z.int().describe('input events the path adds: its size'),
  scoreAfter: z
    .number()
    .nullable()
    .describe('the track’s score with every suggestion added (checked by scoring)'),
  suggestions: z.array(PathSuggestion),
  blocked: z
    .array(z.strictObject({ track: z.string(), reasons: z.array(z.string()) }))
    .describe('tracks without a path, and why'),
});

const Transition = z.strictObject({
  type: z.enum(DESIGNATION_EVENT_TYPES),
  designationId: z.string(),
  at: instant,
  track: z.string(),
  score: z.number(),
  anniversary: instant.nullable(),
  cause: z.strictObject({ kind: z.enum(CAUSE_KINDS), eventId: z.string().optional() }),
});

const BriefScore = z.strictObject({ track: z.string(), score: z.number(), qualified: z.boolean() });

export const WhatIfView = z.strictObject({
  partnerId: z.string(),
  asOf: instant,
  designations: z.array(
    z.strictObject({
      designationId: z.string(),
      before: BriefScore.nullable(),
      after: BriefScore.extend({ metrics: z.array(MetricExplanation) }),
    }),
  ),
  transitions: z.array(Transition).describe('what evaluating at asOf with the events would publish'),
  transitionsWithoutEvents: z
    .array(Transition)
    .describe('the same evaluation without them: what happens anyway'),
});

/** Most hypothetical events one what-if takes: the answer is computed in the request. */
export const MAX_WHAT_IF_EVENTS = 1000;

export const WhatIfRequest = z.strictObject({
  events: z
    .array(z.unknown())
    .min(1)
    .max(MAX_WHAT_IF_EVENTS)
    .describe('input events of this partner (contracts §1), each validated as the pipeline validates them'),
  asOf: z.string().optional().describe('ISO-8601 instant; default now'),
});
