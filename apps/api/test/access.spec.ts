import 'reflect-metadata';
import { Controller, Get, type INestApplication, type LoggerService, Param, Req } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { signPartnerToken } from '@app/access';
import { type CapscoreConfig, parseConfig } from '@app/config';
import { CONFIG } from '@app/platform';
import { AccessGuard } from '../src/access/access.guard.js';
import { type AccessRequest, PartnerScoped } from '../src/access/partner-scope.js';
import { ErrorFilter, redactCredentials } from '../src/errors/error.filter.js';
import { legacyAliases } from '../src/legacy-aliases.js';

const API_KEY = 'operator-key-0123456789abcdef';
const K1 = { kid: 'k1', secret: 'k1-secret-0123456789abcdef-0123456789' };
const K2 = { kid: 'k2', secret: 'k2-secret-0123456789abcdef-0123456789' };
const DAY = 86_400_000;

/** Routes shaped like the api's: one partner-scoped, the rest operator-only or open. */
@Controller()
class ProbeController {
  @Get('v1/partners/:partnerId/scores')
  @PartnerScoped()
  scores(@Param('partnerId') partnerId: string, @Req() request: AccessRequest) {
    return { partnerId, principal: request.principal?.kind ?? 'none' };
  }

  /** A failure whose message quotes the credentials, as a careless driver might. */
  @Get('v1/partners/:partnerId/boom')
  @PartnerScoped()
  boom(@Req() request: AccessRequest): never {
    throw new Error(
      `upstream refused headers ${String(request.headers.authorization)} ${String(request.headers['x-api-key'])}`,
    );
  }

  @Get('v1/partners')
  list() {
    return { partners: [] };
  }

  @Get('v1/designations/:designationId/partners')
  holders(@Param('designationId') designationId: string) {
    return { designationId };
  }

  @Get('v1/admin/clock')
  clock() {
    return { now: 'now' };
  }

  @Get('v1/events/designations')
  feed() {
    return { feed: true };
  }

  @Get('metrics')
  metrics() {
    return 'metrics';
  }

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }
}

class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private add = (...args: unknown[]) =>
    void this.lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  log = this.add;
  error = this.add;
  warn = this.add;
  debug = this.add;
  verbose = this.add;
  fatal = this.add;
}

async function start(
  env: Record<string, string>,
  logger = new CapturingLogger(),
): Promise<{ app: INestApplication; url: string; logger: CapturingLogger }> {
  const config: CapscoreConfig = parseConfig(env);
  const module = await Test.createTestingModule({
    controllers: [ProbeController],
    providers: [
      { provide: CONFIG, useValue: config },
      { provide: APP_GUARD, useClass: AccessGuard },
      { provide: APP_FILTER, useClass: ErrorFilter },
    ],
  })
    .setLogger(logger)
    .compile();
  const app = module.createNestApplication({ logger });
  // As api.bootstrap does: the unversioned paths the cases below call are aliases of /v1.
  app.use(legacyAliases);
  await app.listen(0, '127.0.0.1');
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), logger };
}

async function call(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
}

describe('AccessGuard and PartnerScopeGuard (Nest testing module, real HTTP)', () => {
  describe('with neither API_KEY nor TOKEN_SIGNING_KEYS: open, as before', () => {
    let app: INestApplication;
    let url: string;
    beforeAll(async () => ({ app, url } = await start({})));
    afterAll(() => app.close());

    it('answers every route without credentials, and ignores a bearer token', async () => {
      for (const path of [
        '/partners/p1/scores',
        '/partners',
        '/designations/security/partners',
        '/admin/clock',
        '/events/designations',
        '/metrics',
        '/health/live',
      ]) {
        expect([path, (await call(`${url}${path}`)).status]).toEqual([path, 200]);
      }
      const token = signPartnerToken(K1, 'p1', DAY);
      expect(await call(`${url}/admin/clock`, { authorization: `Bearer ${token}` })).toEqual({
        status: 200,
        body: { now: 'now' },
      });
      expect((await call(`${url}/partners/p1/scores`)).body).toEqual({ partnerId: 'p1', principal: 'none' });
    });
  });

  describe('with API_KEY only: the operator key, as before', () => {
    let app: INestApplication;
    let url: string;
    beforeAll(async () => ({ app, url } = await start({ API_KEY })));
    afterAll(() => app.close());

    it('needs x-api-key on data and admin routes, keeps health and metrics open, and takes no bearer token', async () => {
      expect((await call(`${url}/partners/p1/scores`, { 'x-api-key': API_KEY })).body).toEqual({
        partnerId: 'p1',
        principal: 'operator',
      });
      const missing = await call(`${url}/partners/p1/scores`);
      expect(missing).toEqual({
        status: 401,
        body: expect.objectContaining({
          error: 'unauthorized',
          detail: 'missing or wrong x-api-key header',
        }) as unknown,
      });
      const token = signPartnerToken(K1, 'p1', DAY);
      expect((await call(`${url}/partners/p1/scores`, { authorization: `Bearer ${token}` })).status).toBe(
        401,
      );
      expect((await call(`${url}/metrics`)).status).toBe(200);
      expect((await call(`${url}/health/live`)).status).toBe(200);
      expect((await call(`${url}/events/designations?key=${API_KEY}`)).status).toBe(200);
    });
  });

  describe('with API_KEY and TOKEN_SIGNING_KEYS', () => {
    let app: INestApplication;
    let url: string;
    let logger: CapturingLogger;
    const token = signPartnerToken(K1, 'p1', DAY);
    const bearer = { authorization: `Bearer ${token}` };
    beforeAll(
      async () =>
        ({ app, url, logger } = await start({
          API_KEY,
          TOKEN_SIGNING_KEYS: `k2:${K2.secret},k1:${K1.secret}`,
        })),
    );
    afterAll(() => app.close());

    it('lets the operator key read everything, metrics included', async () => {
      for (const path of [
        '/partners/p1/scores',
        '/partners/p2/scores',
        '/partners',
        '/designations/security/partners',
        '/admin/clock',
        '/events/designations',
        '/metrics',
      ]) {
        expect([path, (await call(`${url}${path}`, { 'x-api-key': API_KEY })).status]).toEqual([path, 200]);
      }
    });

    it("lets a partner token read its partner's scores, and answers 403 anywhere else", async () => {
      expect(await call(`${url}/partners/p1/scores`, bearer)).toEqual({
        status: 200,
        body: { partnerId: 'p1', principal: 'partner' },
      });
      // The scheme name is case-insensitive (RFC 9110); a token from the older configured key verifies too.
      expect((await call(`${url}/partners/p1/scores`, { authorization: `bearer ${token}` })).status).toBe(
        200,
      );
      // Percent-encoding does not get around the comparison: Express decodes the parameter first.
      expect((await call(`${url}/partners/%70%31/scores`, bearer)).status).toBe(200);
      for (const path of [
        '/partners/p2/scores',
        '/partners/P1/scores',
        '/partners',
        '/designations/security/partners',
        '/admin/clock',
        '/events/designations',
        '/metrics',
      ]) {
        const r = await call(`${url}${path}`, bearer);
        expect([path, r.status]).toEqual([path, 403]);
        expect(r.body).toEqual(
          expect.objectContaining({
            error: 'forbidden',
            detail: expect.stringContaining('partner token') as string,
          }) as unknown,
        );
      }
      expect((await call(`${url}/health/live`, bearer)).status).toBe(200);
    });

    it('answers 401 to an expired, tampered, unknown-key or query token, and to no credentials', async () => {
      const expired = signPartnerToken(K1, 'p1', DAY, Date.now() - 2 * DAY);
      expect(await call(`${url}/partners/p1/scores`, { authorization: `Bearer ${expired}` })).toEqual({
        status: 401,
        body: expect.objectContaining({
          error: 'unauthorized',
          detail: 'the partner token has expired',
        }) as unknown,
      });
      const [prefix, kid, , signature] = token.split('.');
      const otherPayload = signPartnerToken(K1, 'p2', DAY).split('.')[2];
      const unknownKid = signPartnerToken({ kid: 'k3', secret: K1.secret }, 'p1', DAY);
      for (const bad of [
        `${prefix}.${kid}.${otherPayload}.${signature}`,
        unknownKid,
        `${token}x`,
        'nonsense',
      ]) {
        expect(await call(`${url}/partners/p1/scores`, { authorization: `Bearer ${bad}` })).toEqual({
          status: 401,
          body: expect.objectContaining({
            error: 'unauthorized',
            detail: 'invalid or revoked partner token',
          }) as unknown,
        });
      }
      expect((await call(`${url}/partners/p1/scores`, { authorization: `Basic ${token}` })).status).toBe(401);
      expect((await call(`${url}/partners/p1/scores?key=${token}`)).status).toBe(401);
      // A wrong operator key is not rescued by a valid token.
      expect(
        (await call(`${url}/partners/p1/scores`, { ...bearer, 'x-api-key': `${API_KEY}x` })).status,
      ).toBe(401);
      const none = await call(`${url}/metrics`);
      expect(none).toEqual({
        status: 401,
        body: expect.objectContaining({
          error: 'unauthorized',
          detail: 'missing or wrong x-api-key header or Authorization: Bearer token',
        }) as unknown,
      });
    });

    it('never logs a token or key: a 500 whose message quotes them is logged redacted', async () => {
      const r = await call(`${url}/partners/p1/boom`, { ...bearer });
      expect(r).toEqual({
        status: 500,
        body: expect.objectContaining({
          error: 'internal',
          detail: 'internal error (logged on the server)',
        }) as unknown,
      });
      const r2 = await call(`${url}/partners/p1/boom`, {
        'x-api-key': API_KEY,
        authorization: 'Bearer opaque-thing-0123456789',
      });
      expect(r2.status).toBe(500);
      const logged = logger.lines.join('\n');
      // Not vacuous: both failures were logged, with the credentials cut out.
      expect(logged.match(/upstream refused headers/g)).toHaveLength(2);
      expect(logged).toContain('[redacted]');
      for (const secret of [
        token,
        token.split('.')[3] as string,
        API_KEY,
        'opaque-thing-0123456789',
        K1.secret,
        K2.secret,
      ]) {
        expect(logged).not.toContain(secret);
      }
    });
  });

  it('redactCredentials cuts header values, token shapes and Bearer credentials from a line', () => {
    const token = signPartnerToken(K1, 'p1', DAY);
    expect(
      redactCredentials(`failed: ${token} and Bearer abc.def and key ${API_KEY}`, {
        headers: { 'x-api-key': API_KEY },
      }),
    ).toBe('failed: cs1.[redacted] and Bearer [redacted] and key [redacted]');
    expect(redactCredentials(`q=${API_KEY}`, { query: { key: API_KEY } })).toBe('q=[redacted]');
    expect(redactCredentials('Redis connection lost')).toBe('Redis connection lost');
  });
});
