import type { DesignationEventType } from '@app/contracts';
import type { DesignationScore } from './score.js';
import { type Dict, setOwn } from './own.js';
import type { LifecycleConfig } from './program-schema.js';
import { addMonths, monthIndexOf, monthStartMs } from './time.js';

/** Per designation, plain JSON (stored next to the aggregate). */
export interface DesignationLifecycle {
  held: boolean;
  /** Instant of the latest grant (unchanged by renewals); null when never held. */
  grantedAt: number | null;
  /** Next anniversary A while held in anniversary mode; null otherwise. */
  anniversary: number | null;
  /** Renewals since grantedAt: A = grantedAt + termMonths × (renewals + 1), so clamped days do not drift. */
  renewals: number;
  /** The latest evaluation instant at which the designation qualified. */
  lastQualifiedAt: number | null;
  /** The at-risk condition held at the last evaluation (at-risk fires on its rising edge). */
  atRisk: boolean;
}

export interface LifecycleState {
  /** The latest instant evaluated; evaluatePartner catches up on change points after it. */
  lastEvaluatedAt: number | null;
  designations: Dict<DesignationLifecycle>;
}

export type CauseKind = 'event' | 'month-start' | 'expiry' | 'anniversary' | 'timer' | 'program-version';
export interface Cause {
  kind: CauseKind;
  eventId?: string;
}

export interface Transition {
  type: DesignationEventType;
  designationId: string;
  /** The evaluation instant (a change point). */
  at: number;
  score: DesignationScore;
  /** The anniversary after the transition (granted/renewed: the new one); null when not held or in live mode. */
  anniversary: number | null;
  cause: Cause;
}

export function emptyLifecycle(): LifecycleState {
  return { lastEvaluatedAt: null, designations: {} };
}

export function notHeld(): DesignationLifecycle {
  return {
    held: false,
    grantedAt: null,
    anniversary: null,
    renewals: 0,
    lastQualifiedAt: null,
    atRisk: false,
  };
}

export function cloneLifecycle(state: LifecycleState): LifecycleState {
  // A field-by-field copy: structuredClone showed in the scorer's profile (once per evaluation).
  const designations: Dict<DesignationLifecycle> = {};
  for (const [id, d] of Object.entries(state.designations)) setOwn(designations, id, { ...d });
  return { lastEvaluatedAt: state.lastEvaluatedAt, designations };
}

/** The anniversary following `renewals` renewals of a grant at grantedAt. */
export function anniversaryAfter(grantedAt: number, renewals: number, config: LifecycleConfig): number {
  return addMonths(grantedAt, config.termMonths * (renewals + 1));
}

/**
 * First instant of the renewal window of anniversary A: the first day of the month
 * renewalWindowMonths − 1 months before A's month (6 months: A's month and the 5 before).
 */
export function renewalWindowStart(anniversary: number, config: LifecycleConfig): number {
  return monthStartMs(monthIndexOf(anniversary) - (config.renewalWindowMonths - 1));
}
