import { createHash } from 'node:crypto';
import type { DesignationEvent } from '@app/contracts';
import type { Transition } from './lifecycle-state.js';
import type { Program } from './program-schema.js';
import { isoOf } from './time.js';

/**
 * The eventId is derived from what identifies the transition, so a re-publish after a crash
 * carries the same id (contracts §2): hex sha256 of `partnerId|designationId|type|at`, 32 chars.
 */
export function designationEventId(
  partnerId: string,
  t: Pick<Transition, 'designationId' | 'type' | 'at'>,
): string {
  return createHash('sha256')
    .update(`${partnerId}|${t.designationId}|${t.type}|${t.at}`)
    .digest('hex')
    .slice(0, 32);
}

/** Maps a transition to the capscore.designations.v1 message value (contracts §2). */
export function toDesignationEvent(program: Program, partnerId: string, t: Transition): DesignationEvent {
  return {
    eventId: designationEventId(partnerId, t),
    type: t.type,
    partnerId,
    designationId: t.designationId,
    occurredAt: isoOf(t.at),
    programId: program.id,
    programVersion: program.version,
    data: {
      score: t.score.score,
      threshold: program.threshold,
      track: t.score.track,
      qualified: t.score.qualified,
      anniversary: t.anniversary === null ? null : isoOf(t.anniversary),
      metrics: t.score.metrics.map(({ id, category, points, maxPoints, value }) => ({
        id,
        category,
        points,
        maxPoints,
        value,
      })),
      cause:
        t.cause.eventId === undefined
          ? { kind: t.cause.kind }
          : { kind: t.cause.kind, eventId: t.cause.eventId },
    },
  };
}
