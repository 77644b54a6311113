// Public surface of @app/scoring: pure domain logic, time is always a parameter (epoch ms).
export { type Program } from './program-schema.js';
export { ProgramValidationError, parseProgram, parseProgramText } from './program.js';
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

export { PartnerAggregate, applyEvent, applyEvents, emptyAggregate } from './aggregate.js';
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
export { idDigest, revenueDigest } from './ids.js';

export {
  type DesignationScore,
  type MetricScore,
  type PartnerScore,
  scorePartner,
  truncate2,
} from './score.js';

export { type Cause, type LifecycleState, emptyLifecycle } from './lifecycle-state.js';
export { evaluatePartner } from './lifecycle.js';
export { type PartnerMeta, decodePartnerMeta, encodePartnerMeta, snapshotDigest } from './partner-meta.js';
export { nextChangeAt } from './change-points.js';
export { designationEventId, toDesignationEvent } from './designation-event.js';

export {
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
  type MonthlySnapshot,
  SNAPSHOT_BYTES,
  SNAPSHOT_FIELD_PREFIX,
  decodeHistoryEvents,
  decodeSnapshots,
  encodeHistoryEvent,
  encodeSnapshot,
  isEmptySnapshot,
  monthlySeries,
  snapshotOf,
} from './history.js';
export { encodeRebuiltHistory, rebuildPartnerHistory } from './history-rebuild.js';
export { type WorklistIndexChange, worklistIndexChanges, worklistPlaces } from './worklists.js';
export { certificationImpact, nextCertificationExpiry } from './expiring-certifications.js';
export {
  type ProgramImpact,
  ProgramImpactTally,
  programImpact,
  type ImpactChange,
  impactChanges,
} from './program-impact.js';

export { type QualificationPath, pathToQualify } from './path.js';
export { whatIf } from './what-if.js';
export { pathView, whatIfView } from './path-view.js';
export { scoreMemoFor } from './score-memo.js';
