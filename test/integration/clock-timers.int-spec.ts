import type { DesignationEvent, ScoreSnapshot } from '@app/contracts';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { produce, TopicCollector } from '../support/kafka-io.js';
import { eventually, httpJson } from '../support/processes.js';
import { Stack } from '../support/stack.js';

const PARTNER = 'fabrikam';
const T0 = '2026-06-20T00:00:00Z';

/**
 * A Modern Work partner built by hand (MCPP enterprise track):
 * - 5 customers with 400 paid / 300 active m365.teams licences in 2026-05 … 2027-05 and none
 *   before: net adds 5 (20/20), deployments 5 (25/25), growth 1,500 users (30/30) while the
 *   year-ago month has no data, i.e. while L ≤ 2027-04;
 * - 4 intermediate certifications (10/10); 2 advanced ones (15/15) that expire 2026-09-10, and a
 *   third advanced one valid from 2027-02-01 (7.5/15).
 * Expected without any further input event:
 *   2026-06-20 granted (anniversary 2027-06-20);
 *   2026-09-10 at-risk (advanced certifications drop to 0: a metric at 0 fails qualification);
 *   2027-02-01 qualifies again (inside the renewal window 2027-01-01 … 2027-06-20): no event;
 *   2027-06-20 renewed; the scored month becomes 2027-05, whose year-ago month has the same
 *              5 customers: net adds 0, so at-risk again at the same instant;
 *   2028-06-20 lost (never qualified in 2027-12-01 … 2028-06-20).
 */
function partnerEvents(): { key: string; value: string; topic: 'certifications' | 'customerSuccess' }[] {
  const records: { key: string; value: string; topic: 'certifications' | 'customerSuccess' }[] = [];
  let n = 0;
  const cert = (individualId: string, certificationId: string, earnedAt: string, expiresAt: string) =>
    records.push({
      topic: 'certifications',
      key: PARTNER,
      value: JSON.stringify({
        eventId: `f-${n++}`,
        type: 'certification.earned',
        partnerId: PARTNER,
        occurredAt: '2026-06-01T00:00:00Z',
        data: { individualId, certificationId, earnedAt, expiresAt },
      }),
    });
  for (let i = 0; i < 4; i++) {
    cert(`int-${i}`, 'teams-administrator-associate', '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z');
  }
  for (let i = 0; i < 2; i++) {
    cert(`adv-${i}`, 'm365-enterprise-administrator-expert', '2026-01-01T00:00:00Z', '2026-09-10T00:00:00Z');
  }
  cert('adv-late', 'm365-enterprise-administrator-expert', '2027-02-01T00:00:00Z', '2029-01-01T00:00:00Z');
  for (let c = 0; c < 5; c++) {
    for (let m = 0; m < 13; m++) {
      const month = `${2026 + Math.floor((4 + m) / 12)}-${String(((4 + m) % 12) + 1).padStart(2, '0')}`;
      records.push({
        topic: 'customerSuccess',
        key: PARTNER,
        value: JSON.stringify({
          eventId: `f-${n++}`,
          type: 'usage.reported',
          partnerId: PARTNER,
          occurredAt: '2026-06-02T00:00:00Z',
          data: { customerId: `c${c}`, workload: 'm365.teams', month, activeUsers: 300, paidLicenses: 400 },
        }),
      });
    }
  }
  return records;
}

describe('fixed clock: timers fire month starts, expiries and anniversaries without input events', () => {
  let ns: TestNamespace;
  let stack: Stack;
  let designations: TopicCollector;
  let scores: TopicCollector;

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, { CAPSCORE_CLOCK: T0, SCORER_TIMER_INTERVAL_MS: '100' });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    designations = new TopicCollector(ns.topics.designations);
    scores = new TopicCollector(ns.topics.scores);
    await Promise.all([designations.start(), scores.start()]);
  });

  afterAll(async () => {
    await Promise.all([designations.stop(), scores.stop()]);
    await stack.stop();
    await dropNamespace(ns);
  });

  const modernWork = () =>
    designations.json<DesignationEvent>().filter((e) => e.designationId === 'modern-work');
  const summary = (e: DesignationEvent) => `${e.type}@${e.occurredAt}`;
  const moveClock = async (now: string) => {
    const r = await httpJson(`${stack.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now }),
    });
    expect(r.status).toBe(200);
  };
  const waitForEvents = (count: number) =>
    eventually(
      () => (modernWork().length >= count ? true : undefined),
      60_000,
      `${count} modern-work events`,
    );

  it('grants on the events themselves', async () => {
    await produce(partnerEvents().map((r) => ({ topic: ns.topics[r.topic], key: r.key, value: r.value })));
    await waitForEvents(1);
    const [granted] = modernWork();
    expect(granted?.type).toBe('designation.granted');
    expect(granted?.occurredAt).toBe('2026-06-20T00:00:00.000Z');
    expect(granted?.data.anniversary).toBe('2027-06-20T00:00:00.000Z');
    expect(granted?.data.score).toBe(100);
    expect(granted?.data.cause.kind).toBe('event');

    // The compacted score topic carries the latest snapshot per partner/designation.
    const latest = await eventually(
      () => {
        const mine = scores.messages.filter((m) => m.key?.toString() === `${PARTNER}/modern-work`);
        const last = mine.at(-1);
        const snapshot = last ? (JSON.parse(last.value?.toString() ?? '{}') as ScoreSnapshot) : undefined;
        return snapshot?.held ? snapshot : undefined;
      },
      30_000,
      'a held modern-work score snapshot',
    );
    expect(latest).toMatchObject({
      partnerId: PARTNER,
      designationId: 'modern-work',
      score: 100,
      qualified: true,
      held: true,
      track: 'enterprise',
    });
  });

  it('turns at-risk when certifications expire', async () => {
    await moveClock('2026-10-01T00:00:00Z');
    await waitForEvents(2);
    const atRisk = modernWork()[1];
    expect(atRisk && summary(atRisk)).toBe('designation.at-risk@2026-09-10T00:00:00.000Z');
    expect(atRisk?.data.cause.kind).toBe('expiry');
    expect(atRisk?.data.metrics.find((m) => m.id === 'advanced-certifications')?.points).toBe(0);
  });

  it('renews at the anniversary after qualifying inside the renewal window, then is at risk again', async () => {
    await moveClock('2027-07-01T00:00:00Z');
    await waitForEvents(4);
    expect(modernWork().slice(2).map(summary)).toEqual([
      'designation.renewed@2027-06-20T00:00:00.000Z',
      'designation.at-risk@2027-06-20T00:00:00.000Z',
    ]);
    expect(modernWork()[2]?.data.anniversary).toBe('2028-06-20T00:00:00.000Z');
  });

  it('loses the designation at the next anniversary without a qualifying instant in its window', async () => {
    await moveClock('2028-07-01T00:00:00Z');
    await waitForEvents(5);
    const lost = modernWork()[4];
    expect(lost && summary(lost)).toBe('designation.lost@2028-06-20T00:00:00.000Z');
    expect(lost?.data.cause.kind).toBe('anniversary');
    const holders = await httpJson(`${stack.apiUrl}/designations/modern-work/partners`);
    expect(holders.body).toMatchObject({ total: 0 });
    expect(modernWork()).toHaveLength(5);
  });
});
