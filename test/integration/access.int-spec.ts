import { appendFileSync } from 'node:fs';
import { signPartnerToken } from '@app/access';
import { ErrorBody, PartnerScores } from '../../apps/api/src/openapi/schemas.js';
import { beginnerPartnerRecords, qualifyingPartnerRecords } from '../support/browser-fixtures.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { produce } from '../support/kafka-io.js';
import { eventually, httpJson, runCapscore } from '../support/processes.js';
import { Stack } from '../support/stack.js';

const T0 = '2026-06-20T00:00:00Z';
const API_KEY = 'access-operator-key-0123456789';
const OLD = { kid: 'k2026-11', secret: 'access-old-secret-0123456789abcdef-0123' };
const NEW = { kid: 'k2026-12', secret: 'access-new-secret-0123456789abcdef-0123' };
/** Rotation in progress: the new key signs, tokens of the old one still verify. */
const KEYS = `${NEW.kid}:${NEW.secret},${OLD.kid}:${OLD.secret}`;

/**
 * With CAPSCORE_ACCESS_TRANSCRIPT=<file>, every exchange below is appended to that file as
 * `$ curl ...` and the answer: the README's and docs/api.md's examples come from it.
 */
const transcript = process.env.CAPSCORE_ACCESS_TRANSCRIPT;

/**
 * Scoped access (issue 14 item 4) against the real api and scorer on Kafka and Redis: the
 * operator key reads everything; a partner token from `capscore token issue` reads its own
 * partner's scores and gets 403 for everything else; expired, forged and revoked tokens get 401;
 * no token appears in the api's log.
 */
describe('access: operator key and partner tokens against a running pipeline', () => {
  let ns: TestNamespace;
  let stack: Stack;
  const tokens: string[] = [];

  const get = async (path: string, headers: Record<string, string> = {}, method = 'GET', body?: string) => {
    const res = await httpJson(`${stack.apiUrl}${path}`, { method, headers, body });
    if (transcript) {
      const shown = Object.entries(headers).map(
        ([k, v]) => `-H '${k}: ${v.replace(/^(Bearer cs1\.[^.]+\.).*$/, '$1…')}'`,
      );
      const data = body ? ` -X ${method} -d '${body}'` : '';
      appendFileSync(
        transcript,
        `$ curl -s ${[...shown, ''].join(' ')}${data ? `${data} ` : ''}'localhost:3000${path}'\n${typeof res.body === 'string' ? res.body.slice(0, 200) : JSON.stringify(res.body).slice(0, 300)}   # ${res.status}\n\n`,
      );
    }
    return res;
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const operator = { 'x-api-key': API_KEY };

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, { CAPSCORE_CLOCK: T0, API_KEY, TOKEN_SIGNING_KEYS: KEYS });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    await produce([...qualifyingPartnerRecords(ns, 'fabrikam'), ...beginnerPartnerRecords(ns, 'contoso')]);
    await eventually(
      async () => {
        const [a, b] = await Promise.all([
          httpJson(`${stack.apiUrl}/designations/modern-work/partners`, { headers: operator }),
          httpJson(`${stack.apiUrl}/partners/contoso/scores`, { headers: operator }),
        ]);
        return (a.body as { total?: number }).total === 1 && b.status === 200 ? true : undefined;
      },
      120_000,
      'fabrikam to hold modern-work and contoso to be scored',
    );
  });

  afterAll(async () => {
    await stack?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('lets the operator key read everything', async () => {
    for (const path of [
      '/partners/fabrikam/scores',
      '/partners/contoso/scores',
      '/partners',
      '/designations',
      '/designations/modern-work/partners',
      '/admin/clock',
      '/metrics',
    ]) {
      expect([path, (await get(path, operator)).status]).toEqual([path, 200]);
    }
    const feed = await fetch(`${stack.apiUrl}/events/designations`, { headers: operator });
    expect(feed.status).toBe(200);
    await feed.body?.cancel();
  });

  it("accepts `capscore token issue` output: the token reads its partner's scores and nothing else", async () => {
    const issued = await runCapscore(
      { API_KEY, TOKEN_SIGNING_KEYS: KEYS },
      'token',
      'issue',
      '--partner',
      'fabrikam',
      '--expires',
      '30d',
    );
    expect(issued.code).toBe(0);
    expect(issued.stderr).toMatch(
      /^partner token for fabrikam, key k2026-12, expires \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z\n$/,
    );
    const token = issued.stdout.trim();
    expect(token).toMatch(/^cs1\.k2026-12\./);
    tokens.push(token);
    if (transcript) {
      appendFileSync(
        transcript,
        `$ capscore token issue --partner fabrikam --expires 30d\n${token}\n${issued.stderr}\n`,
      );
    }

    const own = await get('/partners/fabrikam/scores', bearer(token));
    expect(own.status).toBe(200);
    const scores = PartnerScores.parse(own.body);
    expect(scores.partnerId).toBe('fabrikam');
    // The same answer the operator gets.
    expect(scores).toEqual(PartnerScores.parse((await get('/partners/fabrikam/scores', operator)).body));
    expect((await get('/partners/fabrikam/scores?asOf=2026-10-01', bearer(token))).status).toBe(200);

    for (const path of [
      '/partners/contoso/scores',
      '/partners/nobody/scores',
      '/designations/modern-work/partners',
      '/designations',
      '/partners',
      '/admin/clock',
      '/metrics',
    ]) {
      const r = await get(path, bearer(token));
      expect([path, r.status]).toEqual([path, 403]);
      expect(ErrorBody.parse(r.body).error).toBe('forbidden');
      expect(Object.keys(r.body as object).sort()).toEqual([
        'detail',
        'error',
        'instance',
        'status',
        'title',
        'type',
      ]);
    }
    const move = await get(
      '/admin/clock',
      { ...bearer(token), 'content-type': 'application/json' },
      'POST',
      '{"now":"2027-01-01T00:00:00Z"}',
    );
    expect(move.status).toBe(403);
    expect((await get('/admin/clock', operator)).body).toEqual({
      now: '2026-06-20T00:00:00.000Z',
      fixed: true,
    });
    const feed = await fetch(`${stack.apiUrl}/events/designations`, { headers: bearer(token) });
    expect(feed.status).toBe(403);
    await feed.body?.cancel();
    // A token is no operator key, in the header or the SSE query.
    expect((await get('/partners/fabrikam/scores', { 'x-api-key': token })).status).toBe(401);
    expect((await get(`/events/designations?key=${token}`)).status).toBe(401);
    // Health stays open.
    expect((await get('/health/live')).status).toBe(200);
  });

  it('answers 401 to an expired, forged or signed-by-an-unknown-key token, and to none', async () => {
    const shortLived = await runCapscore(
      { API_KEY, TOKEN_SIGNING_KEYS: KEYS },
      'token',
      'issue',
      '--partner',
      'fabrikam',
      '--expires',
      '1s',
    );
    expect(shortLived.code).toBe(0);
    tokens.push(shortLived.stdout.trim());
    await eventually(
      async () =>
        (await get('/partners/fabrikam/scores', bearer(shortLived.stdout.trim()))).status === 401
          ? true
          : undefined,
      10_000,
      'the 1 s token to expire',
    );
    const expired = await get(
      '/partners/fabrikam/scores',
      bearer(signPartnerToken(NEW, 'fabrikam', 3_600_000, Date.now() - 2 * 3_600_000)),
    );
    expect(expired).toEqual({
      status: 401,
      body: expect.objectContaining({
        status: 401,
        error: 'unauthorized',
        detail: 'the partner token has expired',
      }) as unknown,
    });

    const contoso = signPartnerToken(NEW, 'contoso', 3_600_000);
    const [prefix, kid, payload, signature] = contoso.split('.') as [string, string, string, string];
    const fabrikamPayload = signPartnerToken(NEW, 'fabrikam', 3_600_000).split('.')[2] as string;
    for (const token of [
      `${prefix}.${kid}.${fabrikamPayload}.${signature}`,
      `${prefix}.${OLD.kid}.${payload}.${signature}`,
      signPartnerToken({ kid: 'k2027-01', secret: NEW.secret }, 'fabrikam', 3_600_000),
      signPartnerToken(
        { kid: NEW.kid, secret: 'not-the-secret-0123456789abcdef-0123456' },
        'fabrikam',
        3_600_000,
      ),
    ]) {
      tokens.push(token);
      expect(await get('/partners/fabrikam/scores', bearer(token))).toEqual({
        status: 401,
        body: expect.objectContaining({
          status: 401,
          error: 'unauthorized',
          detail: 'invalid or revoked partner token',
        }) as unknown,
      });
    }
    expect((await get('/partners/fabrikam/scores')).status).toBe(401);
    expect((await get('/metrics')).status).toBe(401);
  });

  it('revokes by rotation: an api without the old kid refuses its tokens and keeps the new ones', async () => {
    const old = signPartnerToken(OLD, 'fabrikam', 3_600_000);
    const fresh = (
      await runCapscore({ API_KEY, TOKEN_SIGNING_KEYS: KEYS }, 'token', 'issue', '--partner', 'fabrikam')
    ).stdout.trim();
    tokens.push(old, fresh);
    expect((await get('/partners/fabrikam/scores', bearer(old))).status).toBe(200);
    const rotated = new Stack(ns, {
      CAPSCORE_CLOCK: T0,
      API_KEY,
      TOKEN_SIGNING_KEYS: `${NEW.kid}:${NEW.secret}`,
    });
    try {
      await rotated.startApi();
      const r = await httpJson(`${rotated.apiUrl}/partners/fabrikam/scores`, { headers: bearer(old) });
      expect(r).toEqual({
        status: 401,
        body: expect.objectContaining({
          status: 401,
          error: 'unauthorized',
          detail: 'invalid or revoked partner token',
        }) as unknown,
      });
      expect(
        (await httpJson(`${rotated.apiUrl}/partners/fabrikam/scores`, { headers: bearer(fresh) })).status,
      ).toBe(200);
      expect(rotated.api!.output.filter((line) => tokens.some((t) => line.includes(t)))).toEqual([]);
    } finally {
      await rotated.stop();
    }
  });

  it('capscore token issue without TOKEN_SIGNING_KEYS fails and says what to set', async () => {
    const r = await runCapscore({}, 'token', 'issue', '--partner', 'fabrikam');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('TOKEN_SIGNING_KEYS is not set');
    expect(r.stdout).toBe('');
  });

  it('printed no token, signature or key in any api log line', () => {
    const lines = stack.api!.output;
    expect(lines.length).toBeGreaterThan(3);
    const secrets = [
      ...tokens,
      ...tokens.map((t) => t.split('.')[3] as string),
      API_KEY,
      OLD.secret,
      NEW.secret,
    ];
    expect(lines.filter((line) => secrets.some((s) => line.includes(s)))).toEqual([]);
    // Not vacuous: the api logged the requests that carried them (request logs, headers redacted).
    const requests = lines.filter(
      (line) => line.includes('/partners/fabrikam/scores') && line.includes('"statusCode"'),
    );
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.some((line) => line.includes('"authorization":"[redacted]"'))).toBe(true);
  });
});
