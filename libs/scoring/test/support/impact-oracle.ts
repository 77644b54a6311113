import type { InputEvent } from '@app/contracts';
import { type Program, scoreEvents } from '../../src/index.js';

/** The JSON of `capscore program impact --format json`, as the tests read it. */
export interface ImpactReport {
  designations: { designationId: string; gains: ImpactEntry[]; losses: ImpactEntry[]; unchanged: number }[];
}
export interface ImpactEntry {
  partnerId: string;
  before: number | null;
  after: number | null;
}

/**
 * The impact report the tests expect, built without programImpact: every partner scored with the
 * offline engine (`capscore score --events`) under each program, compared by qualification.
 */
export function offlineImpact(
  active: Program,
  proposed: Program,
  events: readonly InputEvent[],
  asOf: number,
): ImpactReport {
  const before = scoreEvents(active, events, asOf);
  const after = scoreEvents(proposed, events, asOf);
  return {
    designations: active.designations.map(({ id }) => {
      const rows = before.map((b, i) => {
        const was = b.designations.find((d) => d.designationId === id)!;
        const will = after[i]!.designations.find((d) => d.designationId === id)!;
        return {
          entry: { partnerId: b.partnerId, before: was.score, after: will.score },
          was: was.qualified,
          will: will.qualified,
        };
      });
      return {
        designationId: id,
        gains: rows.filter((r) => r.will && !r.was).map((r) => r.entry),
        losses: rows.filter((r) => r.was && !r.will).map((r) => r.entry),
        unchanged: rows.filter((r) => r.was === r.will).length,
      };
    }),
  };
}
