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
import { createNamespace } from '../support/infra.js';
import { dropNamespace, type TestNamespace } from '../support/infra.js';
import { produce } from '../support/kafka-io.js';
import { eventually, httpJson } from '../support/processes.js';
import { Stack } from '../support/stack.js';

const T0 = '2026-06-20T00:00:00Z';
const API_KEY = 'test-key-0123456789abcdef';

/** An error body: exactly RFC 9457 members plus { error[, parameter] }, no stack, no internals. */
function expectCleanError(body: unknown, error: string, parameter?: string): void {
  const parsed = ErrorBody.parse(body);
  expect(parsed.error).toBe(error);
  if (parameter) {
    expect(parsed.parameter).toBe(parameter);
    expect(parsed.detail).toContain(parameter);
  }
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/\bat .+\(.*:\d+:\d+\)|\/work\/|node_modules|stack|redis:\/\/|statusCode/);
}

// Both namespaces are created up front: creating topics right after another test deleted its
// own can meet a broker still answering UNKNOWN_TOPIC_OR_PARTITION for the new ones.
let pipelineNs: TestNamespace;
let keyedNs: TestNamespace;

beforeAll(async () => {
  pipelineNs = await createNamespace();
  keyedNs = await createNamespace(2);
});

afterAll(async () => {
  for (const ns of [pipelineNs, keyedNs]) if (ns) await dropNamespace(ns);
});

describe('api: scores, holders, errors and the OpenAPI document against a running pipeline', () => {
  let ns: TestNamespace;
  let stack: Stack;
  const get = (path: string) => httpJson(`${stack.apiUrl}${path}`);

  beforeAll(async () => {
    ns = pipelineNs;
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

describe('api: API key, consumer lag metrics and the SSE stream', () => {
  let ns: TestNamespace;
  let stack: Stack;
  const withKey = { headers: { 'x-api-key': API_KEY } };

  beforeAll(async () => {
    ns = keyedNs;
    stack = new Stack(ns, { CAPSCORE_CLOCK: T0, API_KEY });
    await stack.startApi();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('requires x-api-key except on health, metrics, the OpenAPI document and the dashboard files', async () => {
    for (const path of [
      '/health/live',
      '/metrics',
      '/openapi.json',
      '/',
      '/dashboard/app.js',
      '/dashboard/chart.js',
      '/dashboard/worklists.js',
      '/dashboard/app.css',
    ]) {
      const r = await fetch(`${stack.apiUrl}${path}`);
      expect([path, r.status]).toEqual([path, 200]);
      await r.body?.cancel();
    }
    // The dashboard's files, static or not, carry their type, nosniff and no-cache; the page its CSP.
    for (const [path, type] of [
      ['/', 'text/html; charset=utf-8'],
      ['/dashboard/worklists.js', 'text/javascript; charset=utf-8'],
      ['/dashboard/app.css', 'text/css; charset=utf-8'],
    ] as const) {
      const r = await fetch(`${stack.apiUrl}${path}`);
      const csp = r.headers.get('content-security-policy');
      const headers = {
        type: r.headers.get('content-type'),
        nosniff: r.headers.get('x-content-type-options'),
        cache: r.headers.get('cache-control'),
        csp: path === '/' ? csp?.startsWith("default-src 'none'") : csp,
      };
      expect([path, headers]).toEqual([
        path,
        { type, nosniff: 'nosniff', cache: 'no-cache', csp: path === '/' ? true : null },
      ]);
      await r.body?.cancel();
    }
    for (const path of [
      '/partners/fabrikam/scores',
      '/designations',
      '/designations/modern-work/partners',
      '/partners',
      '/admin/clock',
      '/events/designations',
      `/partners?key=${API_KEY}`,
    ]) {
      const missing = await httpJson(`${stack.apiUrl}${path}`);
      expect([path, missing.status]).toEqual([path, 401]);
      expectCleanError(missing.body, 'unauthorized');
      const wrong = await httpJson(`${stack.apiUrl}${path}`, { headers: { 'x-api-key': `${API_KEY}x` } });
      expect([path, wrong.status]).toEqual([path, 401]);
      expect(JSON.stringify(wrong.body)).not.toContain(API_KEY);
    }
    expect((await httpJson(`${stack.apiUrl}/partners/fabrikam/scores`, withKey)).status).toBe(404);
    expect((await httpJson(`${stack.apiUrl}/designations`, withKey)).status).toBe(200);
    expect((await httpJson(`${stack.apiUrl}/admin/clock`, withKey)).body).toEqual({
      now: '2026-06-20T00:00:00.000Z',
      fixed: true,
    });
  });

  it('streams the feed status over SSE with the key in the query', async () => {
    const abort = new AbortController();
    // A bound on a stream that never ends by itself, not a timing assertion.
    const res = await fetch(`${stack.apiUrl}/events/designations?key=${API_KEY}`, {
      signal: AbortSignal.any([abort.signal, AbortSignal.timeout(60_000)]),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body?.getReader();
    let text = '';
    while (!/event: status\n(?:id: .*\n)?data: \{"live":(true|false)\}/.test(text)) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += Buffer.from(chunk.value).toString('utf8');
    }
    abort.abort();
    expect(text).toMatch(/event: status\n(?:id: .*\n)?data: \{"live":(true|false)\}/);
  });

  it('reports consumer lag per partition of the scorer group, and its fall to 0 once a scorer runs', async () => {
    const lagLines = async () => {
      const text = (await httpJson(`${stack.apiUrl}/metrics`)).body as string;
      return text.split('\n').filter((l) => l.startsWith('capscore_consumer_lag{'));
    };
    await produce([
      ...beginnerPartnerRecords(ns, 'contoso'),
      ...beginnerPartnerRecords(ns, 'litware'),
      ...beginnerPartnerRecords(ns, 'adatum'),
    ]);
    // Three records, no scorer: the lag over the certifications partitions sums to 3.
    const before = await eventually(
      async () => {
        const lines = await lagLines();
        const certs = lines.filter((l) => l.includes(`topic="${ns.topics.certifications}"`));
        const sum = certs.reduce((a, l) => a + Number(l.split(' ').at(-1)), 0);
        return sum === 3 ? lines : undefined;
      },
      60_000,
      'a lag of 3 on the certifications topic',
    );
    // One line per partition of each input topic (2 partitions × 3 topics).
    expect(before).toHaveLength(6);
    for (const topic of [ns.topics.certifications, ns.topics.revenue, ns.topics.customerSuccess]) {
      for (const partition of [0, 1]) {
        expect(
          before.some((l) =>
            l.startsWith(`capscore_consumer_lag{topic="${topic}",partition="${partition}"}`),
          ),
        ).toBe(true);
      }
    }
    await stack.startScorer();
    await eventually(
      async () => {
        const lines = await lagLines();
        return lines.length === 6 && lines.every((l) => l.endsWith(' 0')) ? true : undefined;
      },
      120_000,
      'the lag of every partition to fall to 0',
    );
  });
});
