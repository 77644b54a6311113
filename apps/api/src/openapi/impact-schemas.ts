import { z } from 'zod';

/**
 * Bodies of the program impact route and its jobs (apps/api/src/programs/impact.controller.ts),
 * apart from schemas.ts like path-schemas.ts. Strict objects, parsed by the integration test
 * against real answers.
 */
const instant = z.string().describe('ISO-8601 instant (UTC)');
const programRef = z.strictObject({ programId: z.string(), version: z.string() });

const jobFields = {
  jobId: z.string().describe('UUID; GET /v1/jobs/{jobId}'),
  kind: z.literal('program-impact'),
  status: z.enum(['running', 'done', 'failed']),
  createdAt: instant,
  progress: z.strictObject({
    done: z.int().describe('partners read so far'),
    total: z.int().describe('partners listed in the store when the job started'),
  }),
  error: z.string().optional().describe('failed only'),
  nextCursor: z.string().nullable(),
};

export const ImpactJob = z
  .strictObject(jobFields)
  .describe('a job that is running or failed (no report yet)');

export const ImpactChangeRow = z.strictObject({
  designationId: z.string(),
  change: z
    .enum(['gain', 'loss'])
    .describe('gain: qualifies under the proposed program only; loss: under the active one only'),
  partnerId: z.string(),
  before: z
    .number()
    .nullable()
    .describe('score under the active program; null when it lacks the designation'),
  after: z
    .number()
    .nullable()
    .describe('score under the proposed program; null when it lacks the designation'),
});

export const ImpactReport = z
  .strictObject({
    ...jobFields,
    status: z.literal('done'),
    asOf: instant,
    active: programRef.describe('the CAPSCORE_PROGRAM version in force at asOf'),
    proposed: programRef,
    partners: z.int().describe('partners scored (listed partners without any fact are not)'),
    designations: z.array(
      z.strictObject({ designationId: z.string(), gains: z.int(), losses: z.int(), unchanged: z.int() }),
    ),
    changes: z
      .array(ImpactChangeRow)
      .describe('a page of the gains and losses: designations in order, gains then losses, by partnerId'),
  })
  .describe('a finished report, paged over its gains and losses');
