import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { RequestMethod } from '@nestjs/common';
import { readdirSync } from 'node:fs';
import { z } from 'zod';
import { DASHBOARD_DIR } from '../../apps/api/src/dashboard/dashboard-files.js';
import { API_CONTROLLERS } from '../../apps/api/src/api.module.js';
import {
  DesignationHolders,
  DesignationList,
  ErrorBody,
  Live,
  PartnerPage,
  PartnerScores,
  Readiness,
} from '../../apps/api/src/openapi/schemas.js';
import { beginnerPartnerRecords, qualifyingPartnerRecords } from '../support/browser-fixtures.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { expectCleanError } from '../support/api-errors.js';
import { produce } from '../support/kafka-io.js';
import { eventually, httpJson } from '../support/processes.js';
import { Stack } from '../support/stack.js';

const T0 = '2026-06-20T00:00:00Z';

describe('api: scores, holders, errors and the OpenAPI document against a running pipeline', () => {
  let ns: TestNamespace;
  let stack: Stack;
  const get = (path: string) => httpJson(`${stack.apiUrl}${path}`);

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, { CAPSCORE_CLOCK: T0 });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    await produce([
      ...qualifyingPartnerRecords(ns, 'fabrikam'),
      ...qualifyingPartnerRecords(ns, 'fabrikam-2'),
      ...beginnerPartnerRecords(ns, 'contoso'),
    ]);
    await eventually(
      async () => {
        const holders = await get('/designations/modern-work/partners');
        const contoso = await get('/partners/contoso/scores');
        return (holders.body as { total?: number }).total === 2 && contoso.status === 200 ? true : undefined;
      },
      120_000,
      'both qualifying partners to hold modern-work and contoso to be scored',
    );
  });

  afterAll(async () => {
    await stack?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('answers /health/live and /health/ready', async () => {
    const live = await get('/health/live');
    expect(live.status).toBe(200);
    Live.parse(live.body);
    const ready = await eventually(
      async () => {
        const r = await get('/health/ready');
        return r.status === 200 ? r : undefined;
      },
      30_000,
      'api ready',
    );
    expect(Readiness.parse(ready.body)).toEqual({
      status: 'ok',
      redis: true,
      kafka: true,
      consumerAssigned: true,
    });
  });

  it('scores a partner now: best track, per-metric explanation, lifecycle', async () => {
    const r = await get('/partners/fabrikam/scores');
    expect(r.status).toBe(200);
    const body = PartnerScores.parse(r.body);
    expect(body).toMatchObject({
      partnerId: 'fabrikam',
      asOf: '2026-06-20T00:00:00.000Z',
      programId: 'mcpp',
      threshold: 70,
      partialHistory: false,
      projectedTransitions: [],
    });
    const mw = body.designations.find((d) => d.designationId === 'modern-work');
    expect(mw).toMatchObject({ track: 'enterprise', score: 100, qualified: true });
    expect(mw?.lifecycle).toEqual({
      held: true,
      grantedAt: '2026-06-20T00:00:00.000Z',
      anniversary: '2027-06-20T00:00:00.000Z',
      atRisk: false,
    });
    expect(mw?.metrics.every((m) => m.points === m.maxPoints && m.missing.length === 0)).toBe(true);
    expect(mw?.metrics.map((m) => m.category).sort()).toEqual(
      expect.arrayContaining(['customerSuccess', 'performance', 'skilling']),
    );
    // A designation the partner has nothing for explains what is missing on every metric.
    const security = body.designations.find((d) => d.designationId === 'security');
    expect(security?.qualified).toBe(false);
    expect(security?.metrics.every((m) => m.points < m.maxPoints && m.missing.length > 0)).toBe(true);

    const beginner = PartnerScores.parse((await get('/partners/contoso/scores')).body);
    const certs = beginner.designations
      .find((d) => d.designationId === 'modern-work')
      ?.metrics.find((m) => m.id === 'intermediate-certifications');
    expect(certs).toMatchObject({ value: 1, points: 5 });
    expect(certs?.missing).toEqual(['1 more certified person']);
  });

  it('projects a future asOf: the certification expiry puts modern-work at risk', async () => {
    const r = await get('/partners/fabrikam/scores?asOf=2026-10-01T00:00:00Z');
    expect(r.status).toBe(200);
    const body = PartnerScores.parse(r.body);
    expect(body.asOf).toBe('2026-10-01T00:00:00.000Z');
    expect(body.projectedTransitions).toContainEqual({
      type: 'designation.at-risk',
      designationId: 'modern-work',
      at: '2026-09-10T00:00:00.000Z',
      cause: 'expiry',
    });
    const mw = body.designations.find((d) => d.designationId === 'modern-work');
    expect(mw?.qualified).toBe(false);
    expect(mw?.lifecycle).toMatchObject({ held: true, atRisk: true });
    const advanced = mw?.metrics.find((m) => m.id === 'advanced-certifications');
    expect(advanced?.points).toBe(0);
    expect(advanced?.missing.length).toBeGreaterThan(0);
    // The projection is not stored: now is unchanged.
    const now = PartnerScores.parse((await get('/partners/fabrikam/scores')).body);
    expect(now.designations.find((d) => d.designationId === 'modern-work')?.lifecycle.atRisk).toBe(false);
  });

  it('scores a past asOf within the retained history and refuses one before it', async () => {
    const past = await get('/partners/fabrikam/scores?asOf=2026-02-01');
    expect(past.status).toBe(200);
    const body = PartnerScores.parse(past.body);
    expect(body.partialHistory).toBe(true);
    expect(body.projectedTransitions).toEqual([]);
    // No usage before 2026-05: the customer-success metrics are empty in February.
    const mw = body.designations.find((d) => d.designationId === 'modern-work');
    expect(mw?.qualified).toBe(false);
    expect(mw?.metrics.filter((m) => m.category === 'customerSuccess').every((m) => m.points === 0)).toBe(
      true,
    );

    const tooOld = await get('/partners/fabrikam/scores?asOf=2024-01-01T00:00:00Z');
    expect(tooOld.status).toBe(400);
    expectCleanError(tooOld.body, 'bad-parameter', 'asOf');
  });

  it('pages designation holders and lists designations and partners under /v1 with cursors, and as CSV', async () => {
    const all = DesignationHolders.parse((await get('/v1/designations/modern-work/partners')).body);
    expect(all).toMatchObject({ designationId: 'modern-work', total: 2, limit: 50, nextCursor: null });
    expect(all.partners.map((p) => p.partnerId)).toEqual(['fabrikam', 'fabrikam-2']);
    expect(all.partners[0]?.grantedAt).toBe('2026-06-20T00:00:00.000Z');
    const first = DesignationHolders.parse((await get('/v1/designations/modern-work/partners?limit=1')).body);
    const second = DesignationHolders.parse(
      (await get(`/v1/designations/modern-work/partners?limit=1&cursor=${first.nextCursor}`)).body,
    );
    expect([
      first.partners.map((p) => p.partnerId),
      second.partners.map((p) => p.partnerId),
      second.nextCursor,
    ]).toEqual([['fabrikam'], ['fabrikam-2'], null]);
    expect(second.total).toBe(2);
    expect(DesignationHolders.parse((await get('/v1/designations/security/partners')).body).total).toBe(0);

    const list = DesignationList.parse((await get('/v1/designations')).body);
    expect(list.designations).toHaveLength(6);
    expect(list.designations.find((d) => d.designationId === 'modern-work')).toEqual({
      designationId: 'modern-work',
      name: 'Modern Work',
      holders: 2,
    });

    const partners = PartnerPage.parse((await get('/v1/partners')).body);
    expect(partners.partners.map((p) => p.partnerId).sort()).toEqual(['contoso', 'fabrikam', 'fabrikam-2']);
    expect(partners.total).toBe(3);
    const byPrefix = PartnerPage.parse((await get('/v1/partners?prefix=fab&limit=1')).body);
    const byPrefix2 = PartnerPage.parse(
      (await get(`/v1/partners?prefix=fab&limit=1&cursor=${byPrefix.nextCursor}`)).body,
    );
    expect([byPrefix.partners, byPrefix2.partners, byPrefix2.nextCursor]).toEqual([
      [{ partnerId: 'fabrikam', firstSeen: null }],
      [{ partnerId: 'fabrikam-2', firstSeen: null }],
      null,
    ]);

    const csv = await fetch(`${stack.apiUrl}/v1/designations/modern-work/partners?limit=1`, {
      headers: { accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('next-cursor')).toBe(first.nextCursor);
    expect(await csv.text()).toBe('partnerId,grantedAt\r\nfabrikam,2026-06-20T00:00:00.000Z\r\n');
    const designationsCsv = await (await fetch(`${stack.apiUrl}/v1/designations?format=csv`)).text();
    expect(designationsCsv.split('\r\n')).toContain('modern-work,Modern Work,2');
  });

  it('keeps the unversioned routes for one release as deprecated aliases of /v1', async () => {
    const old = await fetch(`${stack.apiUrl}/designations/modern-work/partners`);
    expect(old.status).toBe(200);
    expect(old.headers.get('deprecation')).toBe('true');
    expect(old.headers.get('link')).toBe('</v1/designations/modern-work/partners>; rel="successor-version"');
    expect(await old.json()).toEqual(
      DesignationHolders.parse((await get('/v1/designations/modern-work/partners')).body),
    );
    expect((await get('/partners/contoso/scores')).body).toEqual(
      (await get('/v1/partners/contoso/scores')).body,
    );
    // Offset paging is refused by name rather than ignored (a client would read page one forever).
    const offset = await get('/designations/modern-work/partners?offset=1');
    expect(offset.status).toBe(400);
    expectCleanError(offset.body, 'bad-parameter', 'offset');
  });

  it('answers errors as RFC 9457 problem details without stack traces', async () => {
    const unknownRoute = await fetch(`${stack.apiUrl}/v1/no/such/route?key=x`);
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    const problem = ErrorBody.parse(await unknownRoute.json());
    expect(JSON.stringify(problem)).not.toContain('key=x');
    expect(problem).toMatchObject({
      type: 'urn:capscore:problem:not-found',
      title: 'Not Found',
      status: 404,
      instance: '/v1/no/such/route',
      error: 'not-found',
    });

    const unknownPartner = await get('/partners/nobody/scores');
    expect(unknownPartner.status).toBe(404);
    expectCleanError(unknownPartner.body, 'not-found');

    const unknownDesignation = await get('/designations/gardening/partners');
    expect(unknownDesignation.status).toBe(404);
    expectCleanError(unknownDesignation.body, 'not-found');

    for (const [path, parameter] of [
      ['/partners/fabrikam/scores?asOf=last-tuesday', 'asOf'],
      ['/partners/fabrikam/scores?asOf=2026-02-30T00:00:00Z', 'asOf'],
      ['/partners/bad%20id!/scores', 'partnerId'],
      ['/designations/modern-work/partners?limit=0', 'limit'],
      ['/v1/designations/modern-work/partners?cursor=not-a-cursor!', 'cursor'],
      ['/v1/partners?limit=abc', 'limit'],
      ['/v1/partners?prefix=a%20b', 'prefix'],
    ] as const) {
      const r = await get(path);
      expect([path, r.status]).toEqual([path, 400]);
      expectCleanError(r.body, 'bad-parameter', parameter);
    }

    const badJson = await httpJson(`${stack.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"now": ',
    });
    expect(badJson.status).toBe(400);
    expectCleanError(badJson.body, 'bad-request');
    const badNow = await httpJson(`${stack.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"now": "soon"}',
    });
    expect(badNow.status).toBe(400);
    expectCleanError(badNow.body, 'bad-parameter', 'now');
    const backwards = await httpJson(`${stack.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"now": "2020-01-01T00:00:00Z"}',
    });
    expect(backwards.status).toBe(400);
    expectCleanError(backwards.body, 'bad-parameter', 'now');
    const tooLarge = await httpJson(`${stack.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: 'x'.repeat(20_000) }),
    });
    expect(tooLarge.status).toBe(413);
    expectCleanError(tooLarge.body, 'payload-too-large');
  });

  it('serves an OpenAPI 3.1 document that documents every registered route and dashboard file, and only those', async () => {
    const r = await get('/openapi.json');
    expect(r.status).toBe(200);
    const doc = r.body as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');

    // The routes Nest registers: the controllers' path and method metadata.
    const registered: string[] = [];
    for (const controller of API_CONTROLLERS) {
      const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as unknown as Record<string, unknown>)[name];
        if (
          name === 'constructor' ||
          typeof handler !== 'function' ||
          Reflect.getMetadata(PATH_METADATA, handler) === undefined
        ) {
          continue;
        }
        const path = String(Reflect.getMetadata(PATH_METADATA, handler));
        const method =
          RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod].toLowerCase();
        const full = `/${[base, path]
          .map((p) => p.replace(/^\/+|\/+$/g, ''))
          .filter((p) => p !== '')
          .join('/')}`.replace(/:([A-Za-z]+)/g, '{$1}');
        registered.push(`${method} ${full}`);
      }
    }
    // ... and the dashboard's static files under /dashboard/ (the page itself is the route `/`).
    for (const file of readdirSync(DASHBOARD_DIR)) {
      if (file !== 'index.html') registered.push(`get /dashboard/${file}`);
    }
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    );
    expect(registered.length).toBeGreaterThanOrEqual(14);
    expect([...documented].sort()).toEqual([...registered].sort());

    // Every $ref resolves, and the schemas are the ones the tests above parse responses with.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    for (const ref of new Set(refs)) expect(Object.keys(doc.components.schemas)).toContain(ref);
    const scoreSchema = z.toJSONSchema(PartnerScores) as { required: string[] };
    expect((doc.components.schemas.PartnerScores as { required: string[] }).required).toEqual(
      scoreSchema.required,
    );
  });
});
