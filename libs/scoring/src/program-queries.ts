import type { Program } from './program-schema.js';
import { selects } from './workloads.js';

/**
 * Whether an event's ids mean anything to a program. Events with unknown ids are still applied
 * (another program version may use them, contracts §1); the pipeline counts them in metrics.
 */
export function programKnowsCertification(program: Program, certificationId: string): boolean {
  return program.certifications.includes(certificationId);
}

export function programKnowsWorkload(program: Program, workload: string): boolean {
  if (Object.hasOwn(program.workloadRates, workload)) return true;
  return program.designations.some((d) =>
    d.tracks.some((t) =>
      t.metrics.some((m) =>
        m.components.some((c) => c.kind !== 'certifiedPeople' && selects(c.workloads, workload)),
      ),
    ),
  );
}
