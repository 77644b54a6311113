import type { PartnerAggregate } from './aggregate.js';
import { certIndexFor } from './cert-index.js';
import type { Metric, Program } from './program-schema.js';
import { scorePartner } from './score.js';

/**
 * The next instant after `now` at which a certification of the partner expires (whether or not
 * the program counts it: the worklist's read filters by impact). Read from the certification
 * index the scorer keeps anyway, so it costs nothing per evaluation.
 */
export function nextCertificationExpiry(agg: PartnerAggregate, now: number): number | null {
  return certIndexFor(agg).nextExpiry(now);
}

/** A metric that depends on certifications: a certified-people component or a certification gate. */
const dependsOnCertifications = (metric: Metric) =>
  metric.gates.length > 0 || metric.components.some((c) => c.kind === 'certifiedPeople');

export interface CertificationImpact {
  designationId: string;
  /** Points the certification-based metrics of the best track lose between now and `until`. */
  pointsLost: number;
  scoreNow: number;
  /** scoreNow − pointsLost: the certification effect alone (revenue and usage held as they are now). */
  scoreAfter: number;
  qualifiedNow: boolean;
  qualifiedAfter: boolean;
  metrics: { id: string; valueNow: number; valueAfter: number; pointsNow: number; pointsAfter: number }[];
}

const cents = (points: number) => Math.round(points * 100) / 100;

/**
 * What the certifications that lapse between `now` and `until` cost each designation: the
 * certification-based metrics of the best track scored at both instants, everything else held
 * as it is now (a score at `until` would also move the scored month). Only designations that lose
 * points or their qualification are listed.
 */
export function certificationImpact(
  program: Program,
  agg: PartnerAggregate,
  now: number,
  until: number,
): CertificationImpact[] {
  const [before, after] = [scorePartner(program, agg, now, false), scorePartner(program, agg, until, false)];
  const out: CertificationImpact[] = [];
  for (const d of before.designations) {
    const definition = program.designations
      .find((x) => x.id === d.designationId)
      ?.tracks.find((t) => t.id === d.track);
    const later = after.designations.find((x) => x.designationId === d.designationId);
    const metrics = d.metrics
      .filter((m) => definition?.metrics.some((x) => x.id === m.id && dependsOnCertifications(x)))
      .map((m) => {
        const then = later?.metrics.find((x) => x.id === m.id) ?? m;
        return {
          id: m.id,
          valueNow: m.value,
          valueAfter: then.value,
          pointsNow: m.points,
          pointsAfter: Math.min(m.points, then.points),
        };
      });
    const pointsLost = cents(metrics.reduce((sum, m) => sum + (m.pointsNow - m.pointsAfter), 0));
    const scoreAfter = cents(d.score - pointsLost);
    const qualifiedAfter =
      d.qualified && scoreAfter >= program.threshold && metrics.every((m) => m.pointsAfter > 0);
    if (pointsLost > 0 || d.qualified !== qualifiedAfter) {
      out.push({
        designationId: d.designationId,
        pointsLost,
        scoreNow: d.score,
        scoreAfter,
        qualifiedNow: d.qualified,
        qualifiedAfter,
        metrics: metrics.filter((m) => m.pointsAfter < m.pointsNow || m.valueAfter < m.valueNow),
      });
    }
  }
  return out;
}
