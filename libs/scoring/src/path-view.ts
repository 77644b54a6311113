import type { QualificationPath } from './path.js';
import type { Transition } from './lifecycle-state.js';
import type { WhatIfResult } from './what-if.js';
import { isoOf } from './time.js';

/**
 * The JSON the api and the CLI print for a path and a what-if (docs/api.md): instants as ISO
 * strings, a designation's scores before and after side by side.
 */
export function pathView(path: QualificationPath) {
  return { ...path, at: isoOf(path.at) };
}

export function transitionView(t: Transition) {
  return {
    type: t.type,
    designationId: t.designationId,
    at: isoOf(t.at),
    track: t.score.track,
    score: t.score.score,
    anniversary: t.anniversary === null ? null : isoOf(t.anniversary),
    cause: t.cause,
  };
}

export function whatIfView(result: WhatIfResult) {
  return {
    partnerId: result.partnerId,
    asOf: isoOf(result.at),
    designations: result.after.designations.map((after, i) => {
      const before = result.before.designations[i];
      return {
        designationId: after.designationId,
        before: before ? { track: before.track, score: before.score, qualified: before.qualified } : null,
        after: { track: after.track, score: after.score, qualified: after.qualified, metrics: after.metrics },
      };
    }),
    transitions: result.transitions.map(transitionView),
    transitionsWithoutEvents: result.transitionsWithout.map(transitionView),
  };
}
