import { createRedis, PartnerStore, RedisKeys } from '@app/redis';
import { createNamespace, dropNamespace, redisUrl, type TestNamespace } from '../support/infra.js';
import { produce } from '../support/kafka-io.js';
import { eventually, httpJson } from '../support/processes.js';
import { Stack } from '../support/stack.js';

describe('walking skeleton: Kafka -> scorer -> Redis -> api', () => {
  let ns: TestNamespace;
  let stack: Stack;

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, { CAPSCORE_CLOCK: '2026-06-15T00:00:00Z' });
    await Promise.all([stack.startScorer(), stack.startApi()]);
  });

  afterAll(async () => {
    await stack.stop();
    await dropNamespace(ns);
  });

  it('applies a certification.earned event and serves it from GET /partners/{id}/scores', async () => {
    const event = {
      eventId: 'skeleton-1',
      type: 'certification.earned',
      partnerId: 'contoso',
      occurredAt: '2026-03-14T09:30:00Z',
      data: { individualId: 'ada', certificationId: 'teams-administrator-associate' },
    };
    await produce([{ topic: ns.topics.certifications, key: 'contoso', value: JSON.stringify(event) }]);

    const response = await eventually(
      async () => {
        const r = await httpJson(`${stack.apiUrl}/partners/contoso/scores`);
        return r.status === 200 ? r : undefined;
      },
      60_000,
      'the partner to appear in the api',
    );
    const body = response.body as {
      designations: { designationId: string; metrics: { id: string; value: number; points: number }[] }[];
    };
    const modernWork = body.designations.find((d) => d.designationId === 'modern-work');
    const certs = modernWork?.metrics.find((m) => m.id === 'intermediate-certifications');
    // One person holding a listed certification: value 1; enterprise fullAt 4 over 10 points
    // gives 2.5, but the best track is SMB (fullAt 2): 10 × 1/2 = 5.
    expect(certs?.value).toBe(1);
    expect(certs?.points).toBe(5);

    const redis = createRedis(redisUrl());
    await redis.connect();
    const store = new PartnerStore(redis, new RedisKeys(ns.keyPrefix));
    const stored = (await store.load(['contoso'])).get('contoso');
    await redis.quit();
    expect(stored?.version).toBe(1);
    expect([...(stored?.aggregate?.people.keys() ?? [])]).toEqual(['ada']);
  });

  it('answers /health/ready 200 once a scorer owns partitions, and 404/400 on bad queries', async () => {
    await eventually(
      async () => ((await httpJson(`${stack.apiUrl}/health/ready`)).status === 200 ? true : undefined),
      30_000,
      'api ready',
    );
    const unknown = await httpJson(`${stack.apiUrl}/partners/nobody/scores`);
    expect(unknown.status).toBe(404);
    const bad = await httpJson(`${stack.apiUrl}/partners/contoso/scores?asOf=last-tuesday`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('asOf');
  });
});
