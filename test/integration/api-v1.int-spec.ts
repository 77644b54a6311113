import { signPartnerToken } from '@app/access';
import {
  AtRiskList,
  DesignationHolders,
  ErrorBody,
  ExpiringCertificationsList,
  NearMissList,
  PartnerHistory,
  PartnerPage,
  PartnerScores,
} from '../../apps/api/src/openapi/schemas.js';
import { beginnerPartnerRecords, qualifyingPartnerRecords } from '../support/browser-fixtures.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { produce } from '../support/kafka-io.js';
import { eventually, httpJson } from '../support/processes.js';
import { Stack } from '../support/stack.js';

const T0 = '2026-06-20T00:00:00Z';
const API_KEY = 'v1-operator-key-0123456789';
const SIGNING = { kid: 'k1', secret: 'v1-signing-secret-0123456789abcdef-0123' };
const HOLDERS = ['hold-0', 'hold-1', 'hold-2', 'hold-3', 'hold-4', 'hold-5'];
/** Granted while the holder list is being paged: one sorts before every cursor, one after. */
const LATE = ['a-late', 'z-late'];
const WAIT_MS = 120_000;

/**
 * The /v1 api against a running scorer on Kafka and Redis (issue 14 items 1 and 2): history,
 * worklists, cursor paging while the lists change, CSV exports, prefix search and partner-token
 * scope. The partners are the hand-built Modern Work partner of the dashboard tests (MCPP
 * enterprise track): granted at 2026-06-20 with 100 points; at 2026-09-10 two advanced
 * certifications expire (that metric drops to 0: 85 points, not qualified, held: at risk and a
 * near miss); from 2027-02-01 a third advanced one qualifies it again (92.5).
 */
describe('api /v1: history, worklists, cursors and CSV against a running pipeline', () => {
  let ns: TestNamespace;
  let stack: Stack;
  const operator = { 'x-api-key': API_KEY };
  const get = (path: string, headers: Record<string, string> = operator) =>
    httpJson(`${stack.apiUrl}${path}`, { headers });
  const csv = async (path: string) => {
    const res = await fetch(`${stack.apiUrl}${path}`, { headers: { ...operator, accept: 'text/csv' } });
    expect([path, res.status, res.headers.get('content-type')]).toEqual([
      path,
      200,
      'text/csv; charset=utf-8',
    ]);
    return { text: await res.text(), next: res.headers.get('next-cursor') };
  };
  const moveClock = async (now: string) => {
    const r = await httpJson(`${stack.apiUrl}/v1/admin/clock`, {
      method: 'POST',
      headers: { ...operator, 'content-type': 'application/json' },
      body: JSON.stringify({ now }),
    });
    expect(r.status).toBe(200);
  };
  /** Every page of a list, each fetched after `between(page)` ran. */
  const pageAll = async <T>(
    path: string,
    parse: (body: unknown) => { partners: T[]; nextCursor: string | null },
    between: (page: number) => Promise<void> = async () => {},
  ) => {
    const all: T[] = [];
    let cursor: string | null = null;
    for (let page = 0; page === 0 || cursor !== null; page++) {
      await between(page);
      const body = parse((await get(`${path}${cursor ? `&cursor=${cursor}` : ''}`)).body);
      all.push(...body.partners);
      cursor = body.nextCursor;
    }
    return all;
  };
  const atRisk = async () =>
    AtRiskList.parse((await get('/v1/worklists/at-risk?designation=modern-work&limit=500')).body).partners;

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, {
      CAPSCORE_CLOCK: T0,
      API_KEY,
      TOKEN_SIGNING_KEYS: `${SIGNING.kid}:${SIGNING.secret}`,
      SCORER_TIMER_INTERVAL_MS: '100',
    });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    await produce([
      ...HOLDERS.flatMap((p) => qualifyingPartnerRecords(ns, p)),
      ...beginnerPartnerRecords(ns, 'contoso'),
    ]);
    await eventually(
      async () =>
        DesignationHolders.parse((await get('/v1/designations/modern-work/partners')).body).total ===
        HOLDERS.length
          ? true
          : undefined,
      WAIT_MS,
      'every holder granted',
    );
  });

  afterAll(async () => {
    await stack?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('pages the holders with a cursor while grants happen: every holder present throughout exactly once, in (grantedAt, id) order', async () => {
    const seen = await pageAll(
      '/v1/designations/modern-work/partners?limit=2',
      (b) => DesignationHolders.parse(b),
      async (page) => {
        if (page !== 1) return;
        await produce(LATE.flatMap((p) => qualifyingPartnerRecords(ns, p)));
        await eventually(
          async () =>
            DesignationHolders.parse((await get('/v1/designations/modern-work/partners')).body).total ===
            HOLDERS.length + LATE.length
              ? true
              : undefined,
          WAIT_MS,
          'the late grants',
        );
      },
    );
    const ids = seen.map((p) => p.partnerId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => HOLDERS.includes(id))).toEqual(HOLDERS);
    // Granted at the same (fixed) instant: ordered by id, so the late grant after the cursor shows up and the one before it does not.
    expect(ids).toContain('z-late');
    expect(ids).not.toContain('a-late');
  });

  it('finds partners by id prefix over every partner, paged, and exports them as CSV', async () => {
    const found = await pageAll('/v1/partners?prefix=hold-&limit=4', (b) => PartnerPage.parse(b));
    expect(found.map((p) => p.partnerId)).toEqual(HOLDERS);
    const first = await csv('/v1/partners?prefix=hold-&limit=4');
    expect(first.text).toBe('partnerId,firstSeen\r\nhold-0,\r\nhold-1,\r\nhold-2,\r\nhold-3,\r\n');
    const second = await csv(`/v1/partners?prefix=hold-&limit=4&cursor=${first.next}`);
    expect([second.text, second.next]).toEqual(['partnerId,firstSeen\r\nhold-4,\r\nhold-5,\r\n', null]);
  });

  it('records the grant month and event in the history, and keeps partner tokens to their own partner and off the worklists', async () => {
    const history = PartnerHistory.parse(
      (await get('/v1/partners/hold-0/history?designation=modern-work')).body,
    );
    // Performance: net customer adds 20; skilling: intermediate 10 + advanced 15; customer success: usage growth 30 + deployments 25.
    expect(history.designations).toEqual([
      {
        designationId: 'modern-work',
        months: [
          {
            month: '2026-06',
            score: 100,
            performance: 20,
            skilling: 25,
            customerSuccess: 55,
            qualified: true,
            held: true,
          },
        ],
        events: [
          {
            eventId: expect.any(String) as string,
            type: 'designation.granted',
            at: '2026-06-20T00:00:00.000Z',
            score: 100,
            qualified: true,
          },
        ],
      },
    ]);
    expect(history.from).toBe('2024-06-01T00:00:00.000Z');

    const token = signPartnerToken(SIGNING, 'hold-0', 3_600_000);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await get('/v1/partners/hold-0/history', bearer)).status).toBe(200);
    for (const path of [
      '/v1/partners/hold-1/history',
      '/v1/worklists/at-risk?designation=modern-work',
      '/v1/worklists/near-miss?designation=modern-work',
      '/v1/partners?prefix=hold',
    ]) {
      const r = await get(path, bearer);
      expect([path, r.status]).toEqual([path, 403]);
      expect(ErrorBody.parse(r.body)).toMatchObject({
        type: 'urn:capscore:problem:forbidden',
        status: 403,
        error: 'forbidden',
      });
    }
    expect((await get('/v1/worklists/expiring-certifications', bearer)).status).toBe(403);

    // At 2026-06-20 the two advanced certifications (15 points) lapse on 2026-09-10: inside 90 days, not inside 30.
    const expiring = ExpiringCertificationsList.parse(
      (await get('/v1/worklists/expiring-certifications?within=90d&designation=modern-work&limit=4')).body,
    );
    expect(expiring.partners.map((p) => p.partnerId)).toEqual(['a-late', 'hold-0', 'hold-1', 'hold-2']);
    expect(expiring.partners[0]).toEqual({
      partnerId: 'a-late',
      nextExpiry: '2026-09-10T00:00:00.000Z',
      designations: [
        {
          designationId: 'modern-work',
          pointsLost: 15,
          scoreNow: 100,
          scoreAfter: 85,
          qualifiedNow: true,
          qualifiedAfter: false,
          metrics: [
            { id: 'advanced-certifications', valueNow: 2, valueAfter: 0, pointsNow: 15, pointsAfter: 0 },
          ],
        },
      ],
    });
    expect(expiring.nextCursor).not.toBeNull();
    expect(
      ExpiringCertificationsList.parse((await get('/v1/worklists/expiring-certifications?within=30d')).body)
        .partners,
    ).toEqual([]);
    const expiringCsv = await csv('/v1/worklists/expiring-certifications?within=90d&limit=1');
    expect(expiringCsv.text).toBe(
      'partnerId,nextExpiry,designationId,pointsLost,scoreNow,scoreAfter,qualifiedNow,qualifiedAfter,metrics\r\na-late,2026-09-10T00:00:00.000Z,modern-work,15,100,85,true,false,advanced-certifications:2->0\r\n',
    );
    const badWithin = await get('/v1/worklists/expiring-certifications?within=2w');
    expect(ErrorBody.parse(badWithin.body)).toMatchObject({ status: 400, parameter: 'within' });

    const missing = await get('/v1/worklists/at-risk');
    expect(missing.status).toBe(400);
    expect(ErrorBody.parse(missing.body)).toMatchObject({ error: 'bad-parameter', parameter: 'designation' });
    expect((await get('/v1/partners/nobody/history')).status).toBe(404);
  });

  it('lists at-risk holders and near misses after the expiry, as JSON and CSV, and the history shows the drop', async () => {
    await moveClock('2026-09-15T00:00:00Z');
    const everyone = [...HOLDERS, ...LATE].sort();
    await eventually(
      async () => ((await atRisk()).length === everyone.length ? true : undefined),
      WAIT_MS,
      'every holder at risk',
    );

    const risky = await atRisk();
    expect(risky.map((p) => p.partnerId)).toEqual(everyone);
    // Anniversary 2027-06-20 for all: 278 days after 2026-09-15.
    expect(risky[0]).toEqual({
      partnerId: 'a-late',
      designationId: 'modern-work',
      score: 85,
      anniversary: '2027-06-20T00:00:00.000Z',
      daysLeft: 278,
    });

    const scores = PartnerScores.parse((await get('/v1/partners/hold-0/scores')).body).designations.find(
      (d) => d.designationId === 'modern-work',
    );
    const zero = scores?.metrics.filter((m) => m.points === 0).map((m) => m.id);
    expect(zero).toEqual(['advanced-certifications']);
    const near = NearMissList.parse((await get('/v1/worklists/near-miss?designation=modern-work')).body);
    expect(near.partners.map((p) => p.partnerId)).toEqual(everyone);
    expect(near.partners[0]).toEqual({
      partnerId: 'a-late',
      designationId: 'modern-work',
      score: scores?.score,
      track: 'enterprise',
      pointsShort: 0,
      zeroMetrics: zero,
    });

    const nearCsv = await csv('/v1/worklists/near-miss?designation=modern-work&limit=1');
    expect(nearCsv.text).toBe(
      'partnerId,designationId,score,track,pointsShort,zeroMetrics\r\na-late,modern-work,85,enterprise,0,advanced-certifications\r\n',
    );
    expect(nearCsv.next).not.toBeNull();
    const riskCsv = await csv('/v1/worklists/at-risk?designation=modern-work&limit=1');
    expect(riskCsv.text).toBe(
      'partnerId,designationId,score,anniversary,daysLeft\r\na-late,modern-work,85,2027-06-20T00:00:00.000Z,278\r\n',
    );

    const history = PartnerHistory.parse(
      (await get('/v1/partners/hold-0/history?designation=modern-work')).body,
    ).designations[0];
    expect(history?.months.map((m) => [m.month, m.score, m.qualified, m.held])).toEqual([
      ['2026-06', 100, true, true],
      ['2026-07', 100, true, true],
      ['2026-08', 100, true, true],
      ['2026-09', scores?.score, false, true],
    ]);
    expect(history?.events.map((e) => [e.type, e.at])).toEqual([
      ['designation.granted', '2026-06-20T00:00:00.000Z'],
      ['designation.at-risk', '2026-09-10T00:00:00.000Z'],
    ]);
    const historyCsv = (
      await csv('/v1/partners/hold-0/history?designation=modern-work&from=2026-09-01')
    ).text.split('\r\n');
    expect(historyCsv[0]).toBe(
      'designationId,kind,month,at,type,score,performance,skilling,customerSuccess,qualified,held,eventId',
    );
    expect(historyCsv[1]).toBe('modern-work,month,2026-09,,,85,20,10,55,false,true,');
    expect(historyCsv[2]).toMatch(
      /^modern-work,event,2026-09,2026-09-10T00:00:00.000Z,designation.at-risk,85,,,,false,,[0-9a-f]{32}$/,
    );
  });

  it('pages the at-risk list while partners leave it, without repeats, until it is empty', async () => {
    const before = new Set((await atRisk()).map((p) => p.partnerId));
    const seen = await pageAll(
      '/v1/worklists/at-risk?designation=modern-work&limit=3',
      (b) => AtRiskList.parse(b),
      async (page) => {
        // A certification valid from 2027-02-01 makes every partner qualify again: they leave the list.
        if (page === 1) await moveClock('2027-02-02T00:00:00Z');
      },
    );
    const ids = seen.map((p) => p.partnerId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(before.has(id)).toBe(true);
    await eventually(
      async () => ((await atRisk()).length === 0 ? true : undefined),
      WAIT_MS,
      'the at-risk list to empty',
    );
    const near = NearMissList.parse((await get('/v1/worklists/near-miss?designation=modern-work')).body);
    expect(near.partners).toEqual([]);
    const now = PartnerScores.parse((await get('/v1/partners/hold-0/scores')).body).designations.find(
      (d) => d.designationId === 'modern-work',
    );
    const months = PartnerHistory.parse(
      (await get('/v1/partners/hold-0/history?designation=modern-work&from=2027-01-01')).body,
    ).designations[0]?.months;
    expect(months?.map((m) => [m.month, m.score, m.qualified])).toEqual([
      ['2027-01', 85, false],
      ['2027-02', now?.score, true],
    ]);
  });
});
