import type { InputEvent } from '@app/contracts';
import { createRedis, encodeJson, PartnerStore, RedisKeys, type RedisClient } from '@app/redis';
import { emptyLifecycle, MCPP_PROGRAM, type LegacyAggregate } from '@app/scoring';
import {
  LAYOUT_2_EVENTS,
  LAYOUT_2_FIELDS,
  LAYOUT_2_PARTNER,
} from '../../libs/scoring/test/support/layout-2-fixture.js';
import { createNamespace, dropNamespace, redisUrl, type TestNamespace } from '../support/infra.js';
import { produce } from '../support/kafka-io.js';
import { canonical, cleanPassAggregates } from '../support/oracle.js';
import { eventually, httpJson, runCapscore } from '../support/processes.js';
import { Stack } from '../support/stack.js';

const CLOCK = '2026-06-15T00:00:00Z';
const PARTNER = 'fabrikam';
/** A second layout-1 partner that no event touches: only `capscore store migrate` converts it. */
const IDLE = 'adventure-works';

const event = (
  eventId: string,
  type: InputEvent['type'],
  occurredAt: string,
  data: Record<string, unknown>,
  partnerId = PARTNER,
): InputEvent => ({ eventId, type, partnerId, occurredAt, data }) as InputEvent;

// Facts stored by a release before layout 2, and the events they came from.
const history: InputEvent[] = [
  event('9b2c1c4e-cert-1', 'certification.earned', '2026-01-10T00:00:00Z', {
    individualId: 'ada',
    certificationId: 'teams-administrator-associate',
    expiresAt: '2028-01-10T00:00:00Z',
  }),
  event('f3a1-rev-1', 'revenue.recorded', '2026-05-03T00:00:00Z', {
    customerId: 'c1',
    workload: 'azure.sql-database',
    month: '2026-04',
    amountUsd: 1200.5,
  }),
  event('f3a1-rev-2', 'revenue.recorded', '2026-05-03T00:00:00Z', {
    customerId: 'c1',
    workload: 'azure.sql-database',
    month: '2026-05',
    amountUsd: 900,
  }),
  event('77aa-use-1', 'usage.reported', '2026-05-04T00:00:00Z', {
    customerId: 'c2',
    workload: 'm365.teams',
    month: '2026-04',
    activeUsers: 200,
    paidLicenses: 350,
  }),
];
const legacy: LegacyAggregate = {
  partnerId: PARTNER,
  people: {
    ada: {
      links: [],
      certs: {
        'teams-administrator-associate': {
          earned: [[Date.parse('2026-01-10T00:00:00Z'), Date.parse('2028-01-10T00:00:00Z')]],
          revoked: [],
        },
      },
    },
  },
  revenue: {
    c1: { 'azure.sql-database': { '2026-04': { 'f3a1-rev-1': 120050 }, '2026-05': { 'f3a1-rev-2': 90000 } } },
  },
  reversals: {},
  usage: {
    c2: { 'm365.teams': { '2026-04': [200, 350, Date.parse('2026-05-04T00:00:00Z'), '77aa-use-1'] } },
  },
};
// After the upgrade: a reversal that names a legacy line item by its whole eventId, and a new report.
const after: InputEvent[] = [
  event('f3a1-rev-1-undo', 'revenue.reversed', '2026-06-01T00:00:00Z', { reversesEventId: 'f3a1-rev-1' }),
  event('77aa-use-2', 'usage.reported', '2026-06-02T00:00:00Z', {
    customerId: 'c2',
    workload: 'm365.teams',
    month: '2026-05',
    activeUsers: 220,
    paidLicenses: 350,
  }),
];

describe('older stored layouts (1: one JSON value per partner, 2: 8-byte digests) are migrated as they are used, never read wrongly', () => {
  let ns: TestNamespace;
  let stack: Stack;
  let redis: RedisClient;

  beforeAll(async () => {
    ns = await createNamespace();
    redis = createRedis(redisUrl());
    await redis.connect();
    const keys = new RedisKeys(ns.keyPrefix);
    const meta = {
      lifecycle: { ...emptyLifecycle(), lastEvaluatedAt: Date.parse('2026-06-01T00:00:00Z') },
      snapshots: {},
      next: null,
    };
    await redis.hset(
      keys.partnerState(PARTNER),
      'ver',
      '7',
      'agg',
      encodeJson(legacy),
      'life',
      JSON.stringify(meta),
    );
    await redis.hset(
      keys.partnerState(IDLE),
      'ver',
      '3',
      'agg',
      encodeJson({ ...legacy, partnerId: IDLE }),
      'life',
      JSON.stringify(meta),
    );
    await redis.zadd(keys.partners(), '1', IDLE);
    // A partner of layout 2 (8-byte eventId digests), which no event touches either.
    const layout2 = Object.entries(LAYOUT_2_FIELDS).flatMap(([field, base64]) => [
      field,
      Buffer.from(base64, 'base64'),
    ]);
    await redis.hset(
      keys.partnerState(LAYOUT_2_PARTNER),
      'ver',
      '5',
      'fmt',
      '2',
      'life',
      JSON.stringify(meta),
      ...layout2,
    );
    await redis.zadd(keys.partners(), '2', LAYOUT_2_PARTNER);
    stack = new Stack(ns, { CAPSCORE_CLOCK: CLOCK });
    await Promise.all([stack.startScorer(), stack.startApi()]);
  });

  afterAll(async () => {
    await stack.stop();
    await redis.quit();
    await dropNamespace(ns);
  });

  it('serves scores of a layout-1 partner before any write', async () => {
    const response = await httpJson(`${stack.apiUrl}/partners/${PARTNER}/scores`);
    expect(response.status).toBe(200);
    const modernWork = (
      response.body as { designations: { designationId: string; metrics: { id: string; value: number }[] }[] }
    ).designations.find((d) => d.designationId === 'modern-work');
    expect(modernWork?.metrics.find((m) => m.id === 'intermediate-certifications')?.value).toBe(1);
  });

  it('converts the partner at its next commit: layout 3, the old value gone, facts equal the clean pass', async () => {
    await produce(
      after.map((e) => ({
        topic: e.type.startsWith('usage') ? ns.topics.customerSuccess : ns.topics.revenue,
        key: PARTNER,
        value: JSON.stringify(e),
      })),
    );
    const keys = new RedisKeys(ns.keyPrefix);
    await eventually(
      async () => ((await redis.hget(keys.partnerState(PARTNER), 'ver')) === '8' ? true : undefined),
      60_000,
      'the partner to be committed',
    );
    expect(await redis.hget(keys.partnerState(PARTNER), 'fmt')).toBe('3');
    expect(await redis.hexists(keys.partnerState(PARTNER), 'agg')).toBe(0);
    const stored = (await new PartnerStore(redis, keys).load([PARTNER])).get(PARTNER);
    const expected = cleanPassAggregates(MCPP_PROGRAM, [...history, ...after], Date.parse(CLOCK)).get(
      PARTNER,
    );
    expect(stored?.aggregate && canonical(stored.aggregate)).toBe(expected && canonical(expected));
  });

  it('capscore store migrate rewrites the partners no event touched (layouts 1 and 2), with progress, and reports counts', async () => {
    const keys = new RedisKeys(ns.keyPrefix);
    const dry = await runCapscore(ns.env, 'store', 'migrate', '--dry-run', '--format', 'json');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({
      partners: 3,
      layout1: 1,
      layout2: 1,
      layout3: 1,
      migrated: 0,
    });
    expect(await redis.hexists(keys.partnerState(IDLE), 'agg')).toBe(1);

    const run = await runCapscore(ns.env, 'store', 'migrate');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 in layout 2, 1 in layout 1; 2 migrated');
    expect(run.stderr).toContain('migrating [');
    expect(await redis.hexists(keys.partnerState(IDLE), 'agg')).toBe(0);
    expect(await redis.hget(keys.partnerState(IDLE), 'ver')).toBe('4');
    const stored = (await new PartnerStore(redis, keys).load([IDLE])).get(IDLE);
    const idleHistory = history.map((e) => ({ ...e, partnerId: IDLE }));
    const expected = cleanPassAggregates(MCPP_PROGRAM, idleHistory, Date.parse(CLOCK)).get(IDLE);
    expect(stored?.layout).toBe(3);
    expect(stored?.aggregate && canonical(stored.aggregate)).toBe(expected && canonical(expected));

    expect(await redis.hget(keys.partnerState(LAYOUT_2_PARTNER), 'fmt')).toBe('3');
    expect(await redis.hget(keys.partnerState(LAYOUT_2_PARTNER), 'ver')).toBe('6');
    const converted = (await new PartnerStore(redis, keys).load([LAYOUT_2_PARTNER])).get(LAYOUT_2_PARTNER);
    const clean = cleanPassAggregates(MCPP_PROGRAM, LAYOUT_2_EVENTS, Date.parse(CLOCK)).get(LAYOUT_2_PARTNER);
    expect(converted?.layout).toBe(3);
    expect(converted?.aggregate && canonical(converted.aggregate)).toBe(clean && canonical(clean));
  });
});
