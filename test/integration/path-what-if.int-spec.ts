import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signPartnerToken } from '@app/access';
import type { InputEvent } from '@app/contracts';
import { MCPP_PROGRAM, applyEvent, emptyAggregate, pathToQualify, pathView } from '@app/scoring';
import { QualificationPathView, WhatIfView } from '../../apps/api/src/openapi/path-schemas.js';
import { ErrorBody, PartnerScores } from '../../apps/api/src/openapi/schemas.js';
import { qualifyingPartnerRecords } from '../support/browser-fixtures.js';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { produce } from '../support/kafka-io.js';
import { eventually, httpJson, runCapscore } from '../support/processes.js';
import { Stack } from '../support/stack.js';

// At T0 (L = 2026-05) contoso has data-ai-azure at 22 points: usage-growth full (+30 % over
// ttm), one workload (deployments 2), one administrator (the certification gates fail).
const T0 = '2026-06-25T00:00:00Z';
const API_KEY = 'path-operator-key-0123456789';
const KEY = { kid: 'k1', secret: 'path-signing-secret-0123456789abcdef-01' };

const contosoEvents: InputEvent[] = [
  {
    eventId: 'contoso-r1',
    type: 'revenue.recorded',
    partnerId: 'contoso',
    occurredAt: '2025-06-05T00:00:00Z',
    data: { customerId: 'c1', workload: 'azure.key-vault', month: '2025-05', amountUsd: 2000 },
  },
  {
    eventId: 'contoso-r2',
    type: 'revenue.recorded',
    partnerId: 'contoso',
    occurredAt: '2026-06-05T00:00:00Z',
    data: { customerId: 'c1', workload: 'azure.key-vault', month: '2026-05', amountUsd: 2600 },
  },
  {
    eventId: 'contoso-c1',
    type: 'certification.earned',
    partnerId: 'contoso',
    occurredAt: '2026-01-10T00:00:00Z',
    data: {
      individualId: 'adm1',
      certificationId: 'azure-administrator-associate',
      earnedAt: '2026-01-10T00:00:00Z',
    },
  },
];

/** With CAPSCORE_PATH_TRANSCRIPT=<file>, exchanges are appended there: the docs' examples come from it. */
const transcript = process.env.CAPSCORE_PATH_TRANSCRIPT;

/**
 * The path to qualify and what-if (issue 14 item 3) against the real api and scorer on Kafka and
 * Redis: the answers equal the offline engine's, nothing is written, a partner token reads its
 * own path only, and the online CLI answers the same from Redis.
 */
describe('path to qualify and what-if against a running pipeline', () => {
  let ns: TestNamespace;
  let stack: Stack;
  const operator = { 'x-api-key': API_KEY };
  const bearer = (partnerId: string) => ({
    authorization: `Bearer ${signPartnerToken(KEY, partnerId, 3_600_000)}`,
  });

  const call = async (path: string, headers: Record<string, string>, body?: unknown) => {
    const init =
      body === undefined
        ? { headers }
        : {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          };
    const res = await httpJson(`${stack.apiUrl}${path}`, init);
    if (transcript) {
      appendFileSync(
        transcript,
        `${body === undefined ? 'GET' : 'POST'} ${path} → ${res.status}\n${JSON.stringify(res.body, null, 2)}\n\n`,
      );
    }
    return res;
  };

  beforeAll(async () => {
    ns = await createNamespace();
    stack = new Stack(ns, { CAPSCORE_CLOCK: T0, API_KEY, TOKEN_SIGNING_KEYS: `${KEY.kid}:${KEY.secret}` });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    await produce([
      ...contosoEvents.map((e) => ({
        topic: e.type.startsWith('revenue') ? ns.topics.revenue : ns.topics.certifications,
        key: e.partnerId,
        value: JSON.stringify(e),
      })),
      ...qualifyingPartnerRecords(ns, 'fabrikam'),
    ]);
    await eventually(
      async () => {
        const r = await httpJson(`${stack.apiUrl}/partners/contoso/scores`, { headers: operator });
        const ai =
          r.status === 200
            ? PartnerScores.parse(r.body).designations.find((d) => d.designationId === 'data-ai-azure')
            : undefined;
        return ai?.score === 22 ? true : undefined;
      },
      120_000,
      'contoso to be scored with all three events',
    );
  });

  afterAll(async () => {
    await stack?.stop();
    if (ns) await dropNamespace(ns);
  });

  it('GET path answers what the offline engine computes from the same events', async () => {
    const r = await call('/v1/partners/contoso/path?designation=data-ai-azure', operator);
    expect(r.status).toBe(200);
    const path = QualificationPathView.parse(r.body);
    expect(path).toMatchObject({
      partnerId: 'contoso',
      at: '2026-06-25T00:00:00.000Z',
      qualified: false,
      score: 22,
      reachable: true,
      track: 'enterprise',
      additions: 9,
      scoreAfter: 70,
    });
    const offline = emptyAggregate('contoso');
    for (const e of contosoEvents) applyEvent(offline, e);
    expect(path).toEqual(
      JSON.parse(
        JSON.stringify(pathView(pathToQualify(MCPP_PROGRAM, offline, 'data-ai-azure', Date.parse(T0)))),
      ),
    );
  });

  it('POST what-if with the path’s events: the designation would be granted, and nothing is written', async () => {
    const path = QualificationPathView.parse(
      (await call('/v1/partners/contoso/path?designation=data-ai-azure', operator)).body,
    );
    const events = path.suggestions.flatMap((s) => s.events);
    const r = await call('/v1/partners/contoso/what-if', operator, { events, asOf: T0 });
    expect(r.status).toBe(200);
    const view = WhatIfView.parse(r.body);
    expect(view.designations.find((d) => d.designationId === 'data-ai-azure')).toMatchObject({
      before: { score: 22, qualified: false },
      after: { score: 70, qualified: true },
    });
    expect(view.transitions.map((t) => [t.type, t.designationId, t.cause])).toEqual([
      ['designation.granted', 'data-ai-azure', { kind: 'event', eventId: events.at(-1)?.eventId }],
    ]);
    expect(view.transitionsWithoutEvents).toEqual([]);
    // Nothing written: the stored partner scores as before, and its path is the same.
    const scores = PartnerScores.parse((await call('/partners/contoso/scores', operator)).body);
    expect(scores.designations.find((d) => d.designationId === 'data-ai-azure')).toMatchObject({
      score: 22,
      qualified: false,
      lifecycle: { held: false },
    });
    expect((await call('/v1/partners/contoso/path?designation=data-ai-azure', operator)).body).toEqual(path);
  });

  it('a partner token reads its own path, gets 403 on another partner’s and on what-if', async () => {
    expect(
      (await call('/v1/partners/contoso/path?designation=data-ai-azure', bearer('contoso'))).status,
    ).toBe(200);
    const other = await call('/v1/partners/contoso/path?designation=data-ai-azure', bearer('fabrikam'));
    expect(other.status).toBe(403);
    expect(ErrorBody.parse(other.body).error).toBe('forbidden');
    const fabrikam = QualificationPathView.parse(
      (await call('/v1/partners/fabrikam/path?designation=modern-work', bearer('fabrikam'))).body,
    );
    expect(fabrikam).toMatchObject({ qualified: true, suggestions: [], additions: 0 });
    expect(
      (await call('/v1/partners/contoso/what-if', bearer('contoso'), { events: contosoEvents.slice(0, 1) }))
        .status,
    ).toBe(403);
    expect((await call('/v1/partners/contoso/path?designation=data-ai-azure', {})).status).toBe(401);
  });

  it('answers 400 naming the parameter, and 404 for an unknown partner', async () => {
    const bad = async (path: string, parameter: string, body?: unknown) => {
      const r = await call(path, operator, body);
      expect([path, parameter, r.status]).toEqual([path, parameter, 400]);
      expect(ErrorBody.parse(r.body).parameter).toBe(parameter);
    };
    await bad('/v1/partners/contoso/path', 'designation');
    await bad('/v1/partners/contoso/path?designation=nope', 'designation');
    await bad('/v1/partners/contoso/path?designation=security&asOf=soon', 'asOf');
    const event = contosoEvents[0] as InputEvent & { data: Record<string, unknown> };
    await bad('/v1/partners/contoso/what-if', 'events.0.data.amountUsd', {
      events: [{ ...event, data: { ...event.data, amountUsd: 'lots' } }],
    });
    await bad('/v1/partners/contoso/what-if', 'events.0.partnerId', {
      events: [{ ...event, partnerId: 'fabrikam' }],
    });
    await bad('/v1/partners/contoso/what-if', 'events', { events: [] });
    expect((await call('/v1/partners/nobody/path?designation=security', operator)).status).toBe(404);
    expect(
      (await call('/v1/partners/nobody/what-if', operator, { events: [{ ...event, partnerId: 'nobody' }] }))
        .status,
    ).toBe(404);
  });

  it('the online CLI reads the partner from Redis and answers as the api does', async () => {
    const env = { ...ns.env, CAPSCORE_CLOCK: T0 };
    const cli = await runCapscore(
      env,
      'path',
      '--partner',
      'contoso',
      '--designation',
      'data-ai-azure',
      '--format',
      'json',
    );
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(cli.stdout)).toEqual(
      (await call('/v1/partners/contoso/path?designation=data-ai-azure', operator)).body,
    );

    const dir = mkdtempSync(join(tmpdir(), 'capscore-what-if-'));
    const file = join(dir, 'events.ndjson');
    const hypothetical: InputEvent = {
      eventId: 'hypo-1',
      type: 'revenue.recorded',
      partnerId: 'contoso',
      occurredAt: T0,
      data: { customerId: 'new-1', workload: 'azure.bastion', month: '2026-05', amountUsd: 1000 },
    };
    writeFileSync(file, `${JSON.stringify(hypothetical)}\n`);
    const whatIf = await runCapscore(
      env,
      'what-if',
      '--partner',
      'contoso',
      '--events',
      file,
      '--format',
      'json',
    );
    expect(whatIf.code).toBe(0);
    expect(JSON.parse(whatIf.stdout)).toEqual(
      (await call('/v1/partners/contoso/what-if', operator, { events: [hypothetical] })).body,
    );
    const text = await runCapscore(env, 'path', '--partner', 'contoso', '--designation', 'data-ai-azure');
    if (transcript) {
      appendFileSync(
        transcript,
        `$ capscore path --partner contoso --designation data-ai-azure\n${text.stdout}\n`,
      );
    }
    expect(text.stdout).toContain('path on track enterprise: 9 addition(s) → 70');
    expect(
      (await runCapscore(env, 'path', '--partner', 'nobody', '--designation', 'security')).stderr,
    ).toContain('unknown partner nobody');
  });
});
