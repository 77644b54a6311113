import { type Program, parseProgram } from '../../src/index.js';

/** Fields a test may set on a version of the people program (scheduled versions). */
export interface PeopleVersion {
  version?: string;
  threshold?: number;
  effectiveFrom?: string;
  onVersionChange?: 'grandfather' | 'rescore';
}

/**
 * One designation "d" scored by certified people only: 10 points per person up to 100, so it
 * qualifies exactly while at least 7 people hold "cert-a" (threshold 70; a version with threshold
 * 90 needs 9). No data lag.
 */
export function peopleProgram(mode: 'anniversary' | 'live', version: PeopleVersion = {}): Program {
  return parseProgram({
    id: 'people',
    version: '1',
    threshold: 70,
    ...version,
    dataLagDays: 0,
    lifecycle: { mode, termMonths: 12, renewalWindowMonths: 6 },
    certifications: ['cert-a'],
    designations: [
      {
        id: 'd',
        tracks: [
          {
            id: 't',
            metrics: [
              {
                id: 'people',
                category: 'skilling',
                maxPoints: 100,
                components: [{ kind: 'certifiedPeople', certifications: ['cert-a'], fullAt: 10 }],
              },
            ],
          },
        ],
      },
    ],
  });
}
