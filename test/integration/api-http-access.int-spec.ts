import { beginnerPartnerRecords } from '../support/browser-fixtures.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { expectCleanError } from '../support/api-errors.js';
import { produce } from '../support/kafka-io.js';
import { eventually, httpJson } from '../support/processes.js';
import { Stack } from '../support/stack.js';

const T0 = '2026-06-20T00:00:00Z';
const API_KEY = 'test-key-0123456789abcdef';

describe('api: API key, consumer lag metrics and the SSE stream', () => {
  let ns: TestNamespace;
  let stack: Stack;
  const withKey = { headers: { 'x-api-key': API_KEY } };

  beforeAll(async () => {
    ns = await createNamespace(2);
    stack = new Stack(ns, { CAPSCORE_CLOCK: T0, API_KEY });
    await stack.startApi();
  });

  afterAll(async () => {
    await stack?.stop();
    if (ns) await dropNamespace(ns);
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
