import type { InputEvent } from '@app/contracts';
import { programKnowsCertification, programKnowsWorkload, type Program } from '@app/scoring';

/**
 * contracts.md §1: an event naming a certification or workload the program does not know is
 * valid and applied (another program version may use it) but counted, so a typo upstream or a
 * program that lags behind the catalogue shows up on a dashboard instead of as a silent 0.
 */
export function unknownReference(program: Program, event: InputEvent): 'certification' | 'workload' | null {
  switch (event.type) {
    case 'certification.earned':
    case 'certification.revoked':
      return programKnowsCertification(program, event.data.certificationId) ? null : 'certification';
    case 'revenue.recorded':
    case 'usage.reported':
      return programKnowsWorkload(program, event.data.workload) ? null : 'workload';
    case 'revenue.reversed':
    case 'individual.linked':
    case 'individual.unlinked':
      return null;
  }
}
