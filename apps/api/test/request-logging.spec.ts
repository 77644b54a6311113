import 'reflect-metadata';
import { Controller, Get, type INestApplication, Param } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Logger } from 'nestjs-pino';
import { signPartnerToken } from '@app/access';
import { parseConfig } from '@app/config';
import { loggingModule } from '@app/logging';
import { CONFIG } from '@app/platform';
import { AccessGuard } from '../src/access/access.guard.js';
import { PartnerScoped } from '../src/access/partner-scope.js';
import { ErrorFilter } from '../src/errors/error.filter.js';
import { legacyAliases } from '../src/legacy-aliases.js';

const API_KEY = 'operator-key-for-the-log-test-0123';
const SIGNING = { kid: 'k1', secret: 'k1-secret-for-the-log-test-0123456789' };
const TOKEN = signPartnerToken(SIGNING, 'p1', 86_400_000);

@Controller()
class ProbeController {
  @Get('v1/partners/:partnerId/scores')
  @PartnerScoped()
  scores(@Param('partnerId') partnerId: string) {
    return { partnerId };
  }

  @Get('v1/events/designations')
  feed() {
    return { feed: true };
  }

  @Get('v1/partners/:partnerId/boom')
  @PartnerScoped()
  boom(): never {
    throw new Error('the store is down');
  }
}

/** The api's request logging (libs/logging through nestjs-pino) with its access guard and error filter. */
describe('api request logs (nestjs-pino, Nest testing module, real HTTP)', () => {
  const lines: string[] = [];
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    // loggingModule reads LOG_LEVEL/LOG_FORMAT from the validated config: request lines are info.
    process.env.LOG_LEVEL = 'info';
    process.env.LOG_FORMAT = 'json';
    const module = await Test.createTestingModule({
      imports: [
        loggingModule('api', {
          requestLogs: true,
          destination: { write: (line: string) => void lines.push(line) },
        }),
      ],
      controllers: [ProbeController],
      providers: [
        {
          provide: CONFIG,
          useValue: parseConfig({ API_KEY, TOKEN_SIGNING_KEYS: `${SIGNING.kid}:${SIGNING.secret}` }),
        },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    }).compile();
    app = module.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    app.use(legacyAliases);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());

  const entries = () =>
    lines.map(
      (line) =>
        JSON.parse(line) as {
          level: string;
          app: string;
          msg: string;
          req?: { url: string; headers: Record<string, string> };
          res?: { statusCode: number };
        },
    );

  it('writes one JSON line per request, with the key, the token and a ?key= value cut out', async () => {
    const statuses = [
      (await fetch(`${url}/v1/partners/p1/scores?asOf=2026-06-01`, { headers: { 'x-api-key': API_KEY } }))
        .status,
      (await fetch(`${url}/v1/partners/p1/scores`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
      (await fetch(`${url}/v1/events/designations?key=${API_KEY}`)).status,
      (
        await fetch(`${url}/v1/partners/p2/scores?token=${TOKEN}`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).status,
      (
        await fetch(`${url}/v1/partners/p1/boom`, {
          headers: { 'x-api-key': API_KEY, cookie: `session=${API_KEY}` },
        })
      ).status,
    ];
    expect(statuses).toEqual([200, 200, 200, 403, 500]);

    const requests = entries().filter((e) => e.res !== undefined);
    expect(requests.map((e) => [e.msg, e.res?.statusCode, e.level])).toEqual([
      ['GET /v1/partners/p1/scores?asOf=2026-06-01 200', 200, 'info'],
      ['GET /v1/partners/p1/scores 200', 200, 'info'],
      ['GET /v1/events/designations?key=[redacted] 200', 200, 'info'],
      ['GET /v1/partners/p2/scores?token=[redacted] 403', 403, 'info'],
      ['GET /v1/partners/p1/boom 500', 500, 'warn'],
    ]);
    expect(requests.every((e) => e.app === 'api')).toBe(true);
    expect(requests[0]?.req?.headers['x-api-key']).toBe('[redacted]');
    expect(requests[1]?.req?.headers.authorization).toBe('[redacted]');
    expect(requests[4]?.req?.headers.cookie).toBe('[redacted]');
    // The unexpected error is logged once more by the error filter, with the request's fields.
    expect(entries().filter((e) => e.msg === 'Error: the store is down' && e.req !== undefined)).toHaveLength(
      1,
    );

    const everything = lines.join('\n');
    for (const secret of [API_KEY, TOKEN, TOKEN.split('.')[3] as string, SIGNING.secret]) {
      expect(everything).not.toContain(secret);
    }
  });
});
