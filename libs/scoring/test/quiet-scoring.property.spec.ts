import type { InputEvent } from '@app/contracts';
import fc from 'fast-check';
import { MCPP_PROGRAM, applyEvent, emptyAggregate, scorePartner, type PartnerScore } from '../src/index.js';
import { allComponentsProgram } from './support/all-components-program.js';
import { PARTNER, singleMetricProgram } from './support/events.js';
import { histories } from './support/histories.js';
import { instantsOf } from './support/instants.js';

// Capped components and gates at counts the histories' four people reach and pass: the edges
// (holders equal to a gate, a value over its cap) are where a second path would differ.
const gatesAndCaps = singleMetricProgram(
  [
    { kind: 'certifiedPeople', certifications: ['cert-a'], fullAt: 4, maxUnits: 1 },
    { kind: 'certifiedPeople', certifications: ['cert-b'], fullAt: 4, maxUnits: 2 },
  ],
  {
    maxPoints: 40,
    gates: [
      { certifications: ['cert-a'], atLeast: 1 },
      { certifications: ['cert-a', 'cert-b'], atLeast: 2 },
    ],
  },
);

// Everyone linked from the start, and certifications earned over the histories' years: enough
// holders at once to fail, meet and pass the gates and caps above.
const linkedFirst: InputEvent[] = ['i1', 'i2', 'i3', 'i4'].map((individualId) => ({
  eventId: `link-${individualId}`,
  type: 'individual.linked',
  partnerId: PARTNER,
  occurredAt: '2020-01-01T00:00:00Z',
  data: { individualId },
}));
const earned = fc
  .array(
    fc.record({
      individualId: fc.constantFrom('i1', 'i2', 'i3', 'i4'),
      certificationId: fc.constantFrom('cert-a', 'cert-b'),
      earnedAt: fc.constantFrom('2024-01-01T00:00:00Z', '2025-05-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    }),
    { maxLength: 10 },
  )
  .map((certs) =>
    certs.map((data, i): InputEvent => ({
      eventId: `earned-${i}`,
      type: 'certification.earned',
      partnerId: PARTNER,
      occurredAt: data.earnedAt,
      data,
    })),
  );

/** A score with every metric's explanation texts removed. */
function withoutTexts(score: PartnerScore): PartnerScore {
  return {
    ...score,
    designations: score.designations.map((d) => ({
      ...d,
      metrics: d.metrics.map((m) => ({ ...m, missing: [] })),
    })),
  };
}

/**
 * The scorer scores without explanations (explain = false) along a path of its own that builds
 * no lists; every number must be the explained path's: points, values, tracks, qualification.
 */
describe('scoring without explanations', () => {
  it('gives the explained scores, texts aside, along each history at its instants', () => {
    let gatesFailed = 0;
    let capsPassed = 0;
    fc.assert(
      fc.property(earned, histories, (certs, [, , duplicated]) => {
        const agg = emptyAggregate(PARTNER);
        const events = [...linkedFirst, ...certs, ...duplicated];
        // Every fourth event and the last: the aggregate does not depend on the order applied,
        // so checking after each one would mostly repeat the same partners.
        events.forEach((event, i) => {
          applyEvent(agg, event);
          if (i % 4 !== 3 && i !== events.length - 1) return;
          for (const at of instantsOf(agg)) {
            for (const program of [MCPP_PROGRAM, allComponentsProgram, gatesAndCaps]) {
              const explained = scorePartner(program, agg, at, true);
              expect(scorePartner(program, agg, at, false)).toEqual(withoutTexts(explained));
              // cert-a counts up to 1, cert-b up to 2: a value of 4 or more passed a cap.
              if (program === gatesAndCaps && (explained.designations[0]?.metrics[0]?.value ?? 0) >= 4) {
                capsPassed++;
              }
              for (const d of explained.designations) {
                gatesFailed += d.metrics.filter((m) => m.missing.some((t) => t.startsWith('gate:'))).length;
              }
            }
          }
        });
      }),
      { numRuns: 40 },
    );
    // The generated histories reach the gates' failing side and pass the caps.
    expect({ gatesFailed: gatesFailed > 0, capsPassed: capsPassed > 0 }).toEqual({
      gatesFailed: true,
      capsPassed: true,
    });
  });
});
