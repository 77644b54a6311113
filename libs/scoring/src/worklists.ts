import type { LifecycleState } from './lifecycle-state.js';
import { getOwn } from './own.js';
import type { Program } from './program-schema.js';
import type { PartnerScore } from './score.js';

/** How far below the threshold a partner still counts as a near miss (issue 14 item 2). */
export const NEAR_MISS_POINTS = 10;

/** Where one designation of a partner stands on the worklists; absent lists are null. */
export interface WorklistPlace {
  /** Held, not qualifying now and not qualified since the renewal window opened: the anniversary it must re-qualify by. */
  atRisk: { anniversary: number; score: number } | null;
  /** Not qualified now, best track within NEAR_MISS_POINTS of the threshold (or above it with a metric at 0). */
  nearMiss: { score: number; track: string; zeroMetrics: string[] } | null;
}

/** The designations of a partner that are on some worklist (the others are left out). */
export type WorklistPlaces = Record<string, WorklistPlace>;

/** The partner's places on the worklists after an evaluation at `score.at` with lifecycle `lifecycle`. */
export function worklistPlaces(
  program: Program,
  score: PartnerScore,
  lifecycle: LifecycleState,
): WorklistPlaces {
  const out: WorklistPlaces = {};
  for (const d of score.designations) {
    const life = getOwn(lifecycle.designations, d.designationId);
    const atRisk =
      life?.held && life.atRisk && life.anniversary !== null
        ? { anniversary: life.anniversary, score: d.score }
        : null;
    const nearMiss =
      !d.qualified && d.score >= program.threshold - NEAR_MISS_POINTS
        ? {
            score: d.score,
            track: d.track,
            zeroMetrics: d.metrics.filter((m) => m.points === 0).map((m) => m.id),
          }
        : null;
    if (atRisk || nearMiss) out[d.designationId] = { atRisk, nearMiss };
  }
  return out;
}

/** A change of one worklist index: the partner's sort score on it, or null to leave it. */
export interface WorklistIndexChange {
  /** '' for the expiring-certifications list, which is per partner. */
  designationId: string;
  list: 'at-risk' | 'near-miss' | 'expiring';
  /** at-risk: the anniversary (soonest first); near-miss: minus the score (highest first); expiring: the next expiry. */
  score: number | null;
}

/** The index changes that take a partner from `before` to `after` (nothing when they agree). */
export function worklistIndexChanges(
  program: Program,
  before: WorklistPlaces,
  after: WorklistPlaces,
): WorklistIndexChange[] {
  const changes: WorklistIndexChange[] = [];
  for (const { id } of program.designations) {
    const [was, now] = [getOwn(before, id), getOwn(after, id)];
    const atRisk = [was?.atRisk?.anniversary ?? null, now?.atRisk?.anniversary ?? null];
    if (atRisk[0] !== atRisk[1]) {
      changes.push({ designationId: id, list: 'at-risk', score: atRisk[1] ?? null });
    }
    const nearMiss = [was?.nearMiss ? -was.nearMiss.score : null, now?.nearMiss ? -now.nearMiss.score : null];
    if (nearMiss[0] !== nearMiss[1]) {
      changes.push({ designationId: id, list: 'near-miss', score: nearMiss[1] ?? null });
    }
  }
  return changes;
}
