import { createHash } from 'node:crypto';
import { DesignationEvent } from '@app/contracts';
import { MCPP_PROGRAM, emptyLifecycle, evaluatePartner, toDesignationEvent } from '../src/index.js';
import { aggregateOf, certified, ms, usage } from './support/events.js';

// The security "just qualifies" partner, evaluated at 2026-06-25 (see scenarios/).
const events = [
  ...['u1', 'u2', 'u3'].map((c) => usage(c, 'm365.intune', '2026-05', 1000, 4000)),
  ...['u4', 'u5', 'u6', 'u7'].map((c) => usage(c, 'm365.intune', '2026-05', 400, 4000)),
  ...['u5', 'u6', 'u7'].map((c) => usage(c, 'm365.intune', '2025-05', 0, 4000)),
  ...certified('engineer', 2, 'azure-security-engineer-associate'),
  ...certified('soc', 2, 'security-operations-analyst-associate'),
  ...certified('architect', 5, 'cybersecurity-architect-expert'),
];
const at = ms('2026-06-25T09:30:00Z');
const { transitions } = evaluatePartner(MCPP_PROGRAM, aggregateOf(events), emptyLifecycle(), at, {
  kind: 'event',
  eventId: 'evt-9',
});

describe('toDesignationEvent', () => {
  const granted = transitions.find((t) => t.designationId === 'security')!;
  const event = toDesignationEvent(MCPP_PROGRAM, 'partner-1', granted);

  it('builds a contracts §2 designation event', () => {
    expect(DesignationEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      type: 'designation.granted',
      partnerId: 'partner-1',
      designationId: 'security',
      occurredAt: '2026-06-25T09:30:00.000Z',
      programId: 'mcpp',
      programVersion: MCPP_PROGRAM.version,
      data: {
        score: 71.33,
        threshold: 70,
        track: 'enterprise',
        qualified: true,
        anniversary: '2027-06-25T09:30:00.000Z',
        cause: { kind: 'event', eventId: 'evt-9' },
      },
    });
    expect(event.data.metrics.map((m) => [m.id, m.points, m.maxPoints, m.value])).toEqual([
      ['net-customer-adds', 8, 20, 4],
      ['intermediate-certifications', 33.33, 40, 5],
      ['deployments', 10, 20, 3],
      ['usage-growth', 20, 20, 4600],
    ]);
  });

  it('derives the eventId from partner, designation, type and instant, so a re-publish keeps it', () => {
    const expected = createHash('sha256')
      .update(`partner-1|security|designation.granted|${at}`)
      .digest('hex')
      .slice(0, 32);
    expect(event.eventId).toBe(expected);
    expect(
      toDesignationEvent(MCPP_PROGRAM, 'partner-1', { ...granted, cause: { kind: 'timer' } }).eventId,
    ).toBe(expected);
    expect(toDesignationEvent(MCPP_PROGRAM, 'partner-2', granted).eventId).not.toBe(expected);
  });

  it('only security qualifies for this partner', () => {
    expect(transitions.map((t) => t.designationId)).toEqual(['security']);
  });
});
