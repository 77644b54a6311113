import 'reflect-metadata';
import {
  Body,
  Controller,
  Get,
  HttpException,
  type INestApplication,
  type LoggerService,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { ErrorFilter } from '../src/errors/error.filter.js';
import { checkPartnerId, parseInstantParam, parseIntParam, rejectOffset } from '../src/params.js';

/** Handlers shaped like the api's: they parse their parameters with params.ts, or fail as a store would. */
@Controller('v1')
class ProbeController {
  @Get('partners/:partnerId/scores')
  scores(@Param('partnerId') partnerId: string, @Query('asOf') asOf?: string) {
    return { partnerId: checkPartnerId(partnerId), asOf: parseInstantParam('asOf', asOf) ?? null };
  }

  @Get('partners')
  list(@Query('limit') limit?: string, @Query('offset') offset?: string) {
    rejectOffset(offset);
    return { limit: parseIntParam('limit', limit, 50, 1, 500) };
  }

  @Get('partners/:partnerId/history')
  history(): never {
    throw new NotFoundException({ error: 'not-found', message: 'no partner unknown-1' });
  }

  @Get('store-down')
  storeDown(): never {
    throw new Error('connect ECONNREFUSED 10.0.0.7:6379 (redis://:hunter2@10.0.0.7)');
  }

  @Get('ready')
  ready(): never {
    throw new HttpException({ status: 'unavailable', redis: false, kafka: true }, 503);
  }

  @Post('admin/clock')
  move(@Body() body: unknown) {
    return body;
  }
}

class SilentLogger implements LoggerService {
  readonly errors: string[] = [];
  log = () => undefined;
  warn = () => undefined;
  error = (message: unknown) => void this.errors.push(String(message));
}

interface Answer {
  status: number;
  type: string | null;
  body: Record<string, unknown>;
}

describe(`${ErrorFilter.name} and parameter parsing (Nest testing module, real HTTP)`, () => {
  const logger = new SilentLogger();
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    const module = await Test.createTestingModule({
      controllers: [ProbeController],
      providers: [{ provide: APP_FILTER, useClass: ErrorFilter }],
    })
      .setLogger(logger)
      .compile();
    const express = module.createNestApplication<NestExpressApplication>({ logger, bodyParser: false });
    // As api.bootstrap does: small JSON bodies only.
    express.useBodyParser('json', { limit: '16kb' });
    app = express;
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app.close());

  async function call(path: string, init?: RequestInit): Promise<Answer> {
    const res = await fetch(`${url}${path}`, init);
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as Record<string, unknown>,
    };
  }

  it('answers a malformed parameter with 400 problem+json naming it, and no query in instance', async () => {
    const r = await call('/v1/partners/contoso/scores?asOf=2026-02-30T00:00:00Z&key=secret-key-1234');
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json; charset=utf-8');
    expect(r.body).toEqual({
      type: 'urn:capscore:problem:bad-parameter',
      title: 'Bad Request',
      status: 400,
      detail: 'asOf must be an ISO-8601 instant such as 2026-06-15T00:00:00Z',
      instance: '/v1/partners/contoso/scores',
      error: 'bad-parameter',
      parameter: 'asOf',
    });
  });

  it.each([
    ['/v1/partners/has%20space/scores', 'partnerId'],
    ['/v1/partners?limit=0', 'limit'],
    ['/v1/partners?limit=2.5', 'limit'],
    ['/v1/partners?offset=100', 'offset'],
  ])('%s is a 400 naming %s', async (path, parameter) => {
    const r = await call(path);
    expect([r.status, r.body.error, r.body.parameter]).toEqual([400, 'bad-parameter', parameter]);
  });

  it('passes well-formed parameters to the handler', async () => {
    expect((await call('/v1/partners/contoso/scores?asOf=2026-02-01')).body).toEqual({
      partnerId: 'contoso',
      asOf: Date.UTC(2026, 1, 1),
    });
    expect((await call('/v1/partners?limit=20')).body).toEqual({ limit: 20 });
  });

  it('keeps the stable code of a handler exception and the status title', async () => {
    const r = await call('/v1/partners/unknown-1/history');
    expect(r.body).toEqual({
      type: 'urn:capscore:problem:not-found',
      title: 'Not Found',
      status: 404,
      detail: 'no partner unknown-1',
      instance: '/v1/partners/unknown-1/history',
      error: 'not-found',
    });
  });

  it('answers an unknown route without quoting its query', async () => {
    const r = await call('/v1/nowhere?key=secret-key-1234');
    expect([r.status, r.body.error]).toEqual([404, 'not-found']);
    expect(JSON.stringify(r.body)).not.toContain('secret-key-1234');
  });

  it('answers an unexpected error with a generic 500 and logs its message once, never the stack', async () => {
    const before = logger.errors.length;
    const r = await call('/v1/store-down');
    expect(r.body).toEqual({
      type: 'urn:capscore:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'internal error (logged on the server)',
      instance: '/v1/store-down',
      error: 'internal',
    });
    expect(logger.errors.slice(before)).toEqual([
      'Error: connect ECONNREFUSED 10.0.0.7:6379 (redis://:hunter2@10.0.0.7)',
    ]);
  });

  it('answers a malformed JSON body with 400, and keeps readiness bodies as they are', async () => {
    const bad = await call('/v1/admin/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"now":hunter2}',
    });
    expect([bad.status, bad.body.error, bad.body.detail]).toEqual([
      400,
      'bad-request',
      'the request body is not valid JSON',
    ]);
    // The parser's own message would quote the body back.
    expect(JSON.stringify(bad.body)).not.toContain('hunter2');
    const large = await call('/v1/admin/clock', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: 'x'.repeat(20_000) }),
    });
    expect([large.status, large.body.error, large.body.detail]).toEqual([
      413,
      'payload-too-large',
      'the request body is too large (16 KiB at most)',
    ]);
    const ready = await call('/v1/ready');
    expect(ready.status).toBe(503);
    expect(ready.type).toContain('application/json');
    expect(ready.body).toEqual({ status: 'unavailable', redis: false, kafka: true });
  });
});
