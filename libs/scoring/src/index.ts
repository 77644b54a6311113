// Public surface of @app/scoring: pure domain logic, time is always a parameter (epoch ms).
export {
  type Component,
  type ComponentKind,
  type CertifiedPeopleComponent,
  type Designation,
  type DistinctWorkloadsComponent,
  type Gate,
  type GrowthComponent,
  type LifecycleConfig,
  type Measure,
  type Metric,
  type MetricCategory,
  type NetQualifyingComponent,
  type Program,
  type Source,
  type Track,
  type WorkloadSelector,
} from './program-schema.js';
export {
  ProgramSchema,
  ProgramValidationError,
  type ProgramIssue,
  parseProgram,
  parseProgramText,
} from './program.js';
export { MCPP_PROGRAM } from './mcpp-program.js';
export {
  asSchedule,
  nextVersionStart,
  programAt,
  type ProgramSchedule,
  scheduleFromTexts,
  scheduleOf,
  singleVersion,
  versionTakingEffect,
} from './program-schedule.js';
export { programKnowsCertification, programKnowsWorkload } from './program-queries.js';
export { matchesPattern, selects } from './workloads.js';

export {
  type AggregateObserver,
  type CustomerFacts,
  type EarnedSpan,
  type Holding,
  type LinkEntry,
  PartnerAggregate,
  type Person,
  RevenueItems,
  type UsageReport,
  applyEvent,
  applyEvents,
  emptyAggregate,
} from './aggregate.js';
export {
  type CanonicalAggregate,
  RETAINED_MONTHS,
  canonicalAggregate,
  pruneAggregate,
} from './aggregate-maintenance.js';
export {
  AGGREGATE_LAYOUT,
  type FieldChanges,
  type LegacyAggregate,
  aggregateFromLegacy,
  cloneAggregate,
  decodeAggregate,
  encodeAggregate,
  markAllChanged,
  takeChanges,
} from './aggregate-codec.js';
export { idDigest, revenueDigest, usageDigest, REVENUE_DIGEST_BYTES, USAGE_DIGEST_BYTES } from './ids.js';

export {
  type DesignationScore,
  type MetricScore,
  type PartnerScore,
  type TrackScore,
  scorePartner,
  truncate2,
} from './score.js';

export {
  type Cause,
  type CauseKind,
  type DesignationLifecycle,
  type LifecycleState,
  type Transition,
  emptyLifecycle,
  isHeld,
} from './lifecycle-state.js';
export { type Evaluation, evaluatePartner } from './lifecycle.js';
export { type PartnerMeta, decodePartnerMeta, encodePartnerMeta, snapshotDigest } from './partner-meta.js';
export { type ChangeKind, nextChangeAt } from './change-points.js';
export { designationEventId, toDesignationEvent } from './designation-event.js';

export {
  type BacktestTransition,
  aggregatesAt,
  backtest,
  backtestTransitions,
  eventsByPartner,
  replayPartner,
  scoreEvents,
} from './offline.js';
export { addMonths, monthIndexOf, monthKey, monthStartMs, scoredMonth } from './time.js';
export {
  EVENT_BYTES,
  EVENT_FIELD_PREFIX,
  EVENTS_KEPT,
  type HistoryEvent,
  type MonthlySnapshot,
  SNAPSHOT_BYTES,
  SNAPSHOT_FIELD_PREFIX,
  SNAPSHOTS_KEPT,
  decodeHistoryEvents,
  decodeSnapshots,
  encodeHistoryEvent,
  encodeSnapshot,
  isEmptySnapshot,
  monthlySeries,
  snapshotOf,
} from './history.js';
export { encodeRebuiltHistory, type RebuiltHistory, rebuildPartnerHistory } from './history-rebuild.js';
export {
  NEAR_MISS_POINTS,
  type WorklistIndexChange,
  type WorklistPlace,
  type WorklistPlaces,
  worklistIndexChanges,
  worklistPlaces,
} from './worklists.js';
export { type CertificationImpact, certificationImpact, nextCertificationExpiry } from './expiring-certifications.js';
export {
  type DesignationImpact,
  type ImpactEntry,
  type ProgramImpact,
  ProgramImpactTally,
  programImpact,
  type ImpactChange,
  impactChanges,
} from './program-impact.js';

export { type PathSuggestion, type QualificationPath, pathToQualify } from './path.js';
export { type Figure } from './path-figures.js';
export { type WhatIfResult, whatIf } from './what-if.js';
export { pathView, transitionView, whatIfView } from './path-view.js';
