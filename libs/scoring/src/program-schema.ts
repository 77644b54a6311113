import { isoInstant, METRIC_CATEGORIES } from '@app/contracts';
import { z } from 'zod';

/**
 * The program file format (docs/program-format.md). Field-level rules live here; rules that
 * relate several fields (track totals, known certifications, measure/source pairs) live in
 * program-checks.ts so every message can name the exact path.
 */

const positive = z.number().positive({ error: 'expected a positive number' });
const nonNegative = z.number().min(0, { error: 'expected a number ≥ 0' });
const finite = z.number({ error: 'expected a number' });
const positiveInt = z.int({ error: 'expected an integer' }).min(1, { error: 'expected an integer ≥ 1' });

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
const id = z
  .string()
  .max(128)
  .regex(ID, { error: 'expected an id such as net-customer-adds ([A-Za-z0-9._:-])' });
const certificationId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[^\p{Cc}]+$/u, { error: 'control characters are not allowed' });

/** Exact workload id (as in the events), a prefix glob `azure.*`, or `*` for every workload. */
const workloadPattern = z.string().regex(/^(\*|[A-Za-z0-9][A-Za-z0-9._:/-]*?(\.\*)?)$/, {
  error: 'expected a workload id, a prefix glob such as azure.*, or *',
});

/** `[patterns]` is shorthand for `{ include: [patterns] }`. */
export const WorkloadSelectorSchema = z
  .union([
    z.array(workloadPattern).min(1),
    z.strictObject({
      include: z.array(workloadPattern).min(1),
      exclude: z.array(workloadPattern).default([]),
    }),
  ])
  .transform((w) => (Array.isArray(w) ? { include: w, exclude: [] } : w));

export const SOURCES = ['revenue', 'usage'] as const;
export const MEASURES = ['amount', 'activeUsers', 'paidLicenses', 'activeRatio', 'mcv'] as const;
export const MEASURES_BY_SOURCE = {
  revenue: ['amount'],
  usage: ['activeUsers', 'paidLicenses', 'activeRatio', 'mcv'],
} as const satisfies Record<(typeof SOURCES)[number], readonly (typeof MEASURES)[number][]>;

const source = z.enum(SOURCES);
const measure = z.enum(MEASURES).default('amount');
const component = {
  /** Optional name used in explanations ("step-1 people: 1 more certified person"). */
  label: z.string().min(1).max(80).optional(),
  fullAt: positive,
  maxUnits: positive.optional(),
};
const floor = { atLeast: finite.optional(), greaterThan: finite.optional(), atMost: finite.optional() };

export const CertifiedPeopleSchema = z.strictObject({
  kind: z.literal('certifiedPeople'),
  certifications: z.array(certificationId).min(1),
  ...component,
});

export const NetQualifyingSchema = z.strictObject({
  kind: z.literal('netQualifying'),
  source,
  workloads: WorkloadSelectorSchema,
  per: z.enum(['customer', 'customerWorkload']),
  measure,
  combine: z.enum(['sum', 'max']).default('sum'),
  window: z.enum(['month', 'twoMonths', 'ttm']),
  ...floor,
  ...component,
});

export const GrowthSchema = z.strictObject({
  kind: z.literal('growth'),
  source,
  workloads: WorkloadSelectorSchema,
  measure,
  window: z.enum(['month', 'ttm']),
  mode: z.enum(['percent', 'absolute']),
  minBaseline: finite.optional(),
  minCurrent: finite.optional(),
  ...component,
});

export const DistinctWorkloadsSchema = z.strictObject({
  kind: z.literal('distinctWorkloads'),
  source: source.default('revenue'),
  workloads: WorkloadSelectorSchema,
  measure,
  window: z.enum(['month', 'ttm']).default('ttm'),
  ...floor,
  ...component,
});

export const ComponentSchema = z.discriminatedUnion('kind', [
  CertifiedPeopleSchema,
  NetQualifyingSchema,
  GrowthSchema,
  DistinctWorkloadsSchema,
]);

export const GateSchema = z.strictObject({
  certifications: z.array(certificationId).min(1),
  atLeast: positiveInt,
});

/**
 * Category spelling follows the output contract (METRIC_CATEGORIES of @app/contracts); the domain
 * spec writes customerSuccess and the API brief customer-success, so a program file may use
 * either and is normalised to the contract's spelling.
 */
export type MetricCategory = (typeof METRIC_CATEGORIES)[number];
const normaliseCategory = (c: string): string => c.replace(/-/g, '').toLowerCase();
const categoryByAlias = new Map<string, MetricCategory>(
  METRIC_CATEGORIES.flatMap((c) => [
    [c, c],
    [normaliseCategory(c), c],
  ]),
);
const CATEGORY_INPUTS = ['performance', 'skilling', 'customer-success', 'customerSuccess'] as const;
const category = z
  .enum(CATEGORY_INPUTS, { error: `expected one of ${CATEGORY_INPUTS.join(', ')}` })
  .transform(
    (c): MetricCategory =>
      categoryByAlias.get(c) ?? (categoryByAlias.get(normaliseCategory(c)) as MetricCategory),
  );

export const MetricSchema = z.strictObject({
  id,
  name: z.string().optional(),
  category,
  maxPoints: positive,
  gates: z.array(GateSchema).default([]),
  components: z.array(ComponentSchema).min(1),
});

export const TrackSchema = z.strictObject({ id, metrics: z.array(MetricSchema).min(1) });

export const DesignationSchema = z.strictObject({
  id,
  name: z.string().optional(),
  trackSelection: z.literal('best').default('best'),
  tracks: z.array(TrackSchema).min(1),
});

export const LifecycleSchema = z.strictObject({
  mode: z.enum(['anniversary', 'live']).default('anniversary'),
  termMonths: positiveInt.default(12),
  renewalWindowMonths: positiveInt.default(6),
});

/**
 * dataLagDays is capped at a year: a longer lag would score data older than the 24 months the
 * aggregates keep.
 */
const MAX_DATA_LAG_DAYS = 365;

export const ProgramObjectSchema = z.strictObject({
  id,
  version: z.string().min(1).max(64),
  /**
   * When this version takes effect (scheduled versions, program-schedule.ts); absent: in force
   * from the start (only the earliest version of a schedule may omit it).
   */
  effectiveFrom: isoInstant.optional(),
  /**
   * What this version does, when it takes effect, to designations held under the previous one:
   * keep them until their next anniversary (renewal decided by the new rules), or decide at once.
   */
  onVersionChange: z.enum(['grandfather', 'rescore']).default('grandfather'),
  name: z.string().optional(),
  description: z.string().optional(),
  threshold: nonNegative,
  dataLagDays: z
    .int({ error: 'expected an integer' })
    .min(0, { error: 'expected an integer ≥ 0' })
    .max(MAX_DATA_LAG_DAYS, { error: `expected at most ${MAX_DATA_LAG_DAYS} days` }),
  lifecycle: LifecycleSchema.default({ mode: 'anniversary', termMonths: 12, renewalWindowMonths: 6 }),
  workloadRates: z.record(z.string().min(1), nonNegative).default({}),
  /** Every certification id the program knows; gates and components may only name these. */
  certifications: z.array(certificationId).min(1),
  designations: z.array(DesignationSchema).min(1),
});

export type Program = z.output<typeof ProgramObjectSchema>;
export type Designation = Program['designations'][number];
export type Track = Designation['tracks'][number];
export type Metric = Track['metrics'][number];
export type Gate = Metric['gates'][number];
export type Component = Metric['components'][number];
export type NetQualifyingComponent = Extract<Component, { kind: 'netQualifying' }>;
export type GrowthComponent = Extract<Component, { kind: 'growth' }>;
export type DistinctWorkloadsComponent = Extract<Component, { kind: 'distinctWorkloads' }>;
export type WorkloadSelector = z.output<typeof WorkloadSelectorSchema>;
export type Measure = (typeof MEASURES)[number];
export type Source = (typeof SOURCES)[number];
export type LifecycleConfig = Program['lifecycle'];
