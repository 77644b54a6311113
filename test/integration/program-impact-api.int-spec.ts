import { appendFileSync, readFileSync } from 'node:fs';
import { stringify as toYaml } from 'yaml';
import { signPartnerToken } from '@app/access';
import { createRedis, PartnerStore, type RedisClient, RedisKeys } from '@app/redis';
import { MCPP_PROGRAM, parseProgramText } from '@app/scoring';
import { simulate } from '@app/simulation';
import { ImpactJob, ImpactReport } from '../../apps/api/src/openapi/impact-schemas.js';
import { offlineImpact } from '../../libs/scoring/test/support/impact-oracle.js';
import { createNamespace, dropNamespace, redisUrl, type TestNamespace } from '../support/infra.js';
import { cleanPassAggregates } from '../support/oracle.js';
import { eventually } from '../support/processes.js';
import { Stack } from '../support/stack.js';
import { storeAggregates, storeContents } from '../support/store-contents.js';

const PROPOSED_FILE = new URL('../../docs/examples/mcpp-2027-proposed.json', import.meta.url).pathname;
const INVALID_PROGRAM = new URL('../../apps/cli/test/fixtures/invalid-program.yaml', import.meta.url)
  .pathname;
const PARTNERS = 230;
const API_KEY = 'impact-operator-key-0123456789';
const SIGNING = { kid: 'k1', secret: 'impact-signing-secret-0123456789abcdef' };
/** With CAPSCORE_IMPACT_TRANSCRIPT=<file>, answers are appended there: docs/api.md's examples come from it. */
const transcript = process.env.CAPSCORE_IMPACT_TRANSCRIPT;
const record = (what: string, status: number, body: unknown) => {
  if (transcript) {
    appendFileSync(
      transcript,
      `${what} → ${status}\n${typeof body === 'string' ? body : JSON.stringify(body, null, 2)}\n\n`,
    );
  }
};

/**
 * POST /v1/programs/impact and GET /v1/jobs/{id} against a store in real Redis (issue 16 item 1):
 * the report equals the offline engine's under both programs, through every page, as JSON and
 * CSV, from a JSON or a YAML body, answered at once or as a job; nothing is written to partners.
 */
describe('the program impact api', () => {
  const sim = simulate({
    seed: 16,
    partners: PARTNERS,
    lastMonth: '2026-05',
    partnerPrefix: 'impact',
    invalidRate: 0,
  });
  const asOf = new Date(sim.settledAt).toISOString();
  const events = sim.records.flatMap((r) =>
    r.event && Date.parse(r.event.occurredAt) <= sim.settledAt ? [r.event] : [],
  );
  const proposedText = readFileSync(PROPOSED_FILE, 'utf8');
  const proposed = parseProgramText(proposedText, PROPOSED_FILE);
  // The oracle's report as rows, in the api's order: designations in order, gains then losses.
  const oracle = offlineImpact(MCPP_PROGRAM, proposed, events, sim.settledAt);
  const expectedChanges = oracle.designations.flatMap((d) => [
    ...d.gains.map((e) => ({ designationId: d.designationId, change: 'gain', ...e })),
    ...d.losses.map((e) => ({ designationId: d.designationId, change: 'loss', ...e })),
  ]);
  const expectedSummary = oracle.designations.map((d) => ({
    designationId: d.designationId,
    gains: d.gains.length,
    losses: d.losses.length,
    unchanged: d.unchanged,
  }));
  let ns: TestNamespace;
  let stack: Stack;
  let redis: RedisClient;
  const operator = { 'x-api-key': API_KEY };

  const post = (body: string, headers: Record<string, string>, query = '') =>
    fetch(`${stack.apiUrl}/v1/programs/impact?asOf=${asOf}${query}`, {
      method: 'POST',
      headers: { ...operator, ...headers },
      body,
    });
  const getJob = (jobId: string, query = '', headers: Record<string, string> = {}) =>
    fetch(`${stack.apiUrl}/v1/jobs/${jobId}${query}`, { headers: { ...operator, ...headers } });

  beforeAll(async () => {
    ns = await createNamespace();
    redis = createRedis(redisUrl());
    await redis.connect();
    await storeAggregates(new PartnerStore(redis, new RedisKeys(ns.keyPrefix)), [
      ...cleanPassAggregates(MCPP_PROGRAM, events, sim.settledAt).values(),
    ]);
    stack = new Stack(ns, { API_KEY, TOKEN_SIGNING_KEYS: `${SIGNING.kid}:${SIGNING.secret}` });
    await stack.startApi();
  });

  afterAll(async () => {
    await stack.stop();
    await redis.quit();
    await dropNamespace(ns);
  });

  it('answers a small store at once with the offline engine’s report, paged through GET /v1/jobs/{id}, and writes nothing', async () => {
    const before = await storeContents(redis, ns.keyPrefix);
    const first = await post(proposedText, { 'content-type': 'application/json' }, '&limit=7');
    expect(first.status).toBe(200);
    const page1 = ImpactReport.parse(await first.json());
    record(`POST /v1/programs/impact?asOf=${asOf}&limit=7 (JSON body)`, first.status, page1);
    expect(page1).toMatchObject({
      status: 'done',
      asOf,
      partners: PARTNERS,
      active: { programId: 'mcpp', version: MCPP_PROGRAM.version },
      proposed: { programId: 'mcpp', version: proposed.version },
    });
    expect(page1.progress).toEqual({ done: PARTNERS, total: PARTNERS });
    expect(page1.designations).toEqual(expectedSummary);
    expect(expectedChanges.length).toBeGreaterThan(7);

    const changes = [...page1.changes];
    let cursor = page1.nextCursor;
    while (cursor !== null) {
      const page = ImpactReport.parse(await (await getJob(page1.jobId, `?limit=7&cursor=${cursor}`)).json());
      expect(page.changes.length).toBeLessThanOrEqual(7);
      changes.push(...page.changes);
      cursor = page.nextCursor;
    }
    expect(changes).toEqual(expectedChanges);
    // The job is the one key written.
    const after = await storeContents(redis, ns.keyPrefix);
    expect(after.has(`${ns.keyPrefix}job:${page1.jobId}`)).toBe(true);
    after.delete(`${ns.keyPrefix}job:${page1.jobId}`);
    expect(after).toEqual(before);
  });

  it('reads a YAML body the same, and exports the report as CSV', async () => {
    const r = await post(
      toYaml(JSON.parse(proposedText)),
      { 'content-type': 'application/yaml', accept: 'text/csv' },
      '&limit=1000',
    );
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = (await r.text()).trimEnd().split('\r\n');
    expect(header).toBe('designationId,change,partnerId,before,after');
    expect(rows).toEqual(
      expectedChanges.map((c) =>
        [c.designationId, c.change, c.partnerId, c.before ?? '', c.after ?? ''].join(','),
      ),
    );
  });

  it('runs as a job with progress when asked to respond asynchronously', async () => {
    const r = await post(proposedText, { 'content-type': 'application/json', prefer: 'respond-async' });
    expect(r.status).toBe(202);
    const job = ImpactJob.or(ImpactReport).parse(await r.json());
    record('POST /v1/programs/impact, Prefer: respond-async', r.status, job);
    expect(r.headers.get('location')).toBe(`/v1/jobs/${job.jobId}`);
    expect(job.progress.total).toBe(PARTNERS);
    const done = await eventually(
      async () => {
        const body = (await (await getJob(job.jobId)).json()) as { status: string };
        return body.status === 'done' ? ImpactReport.parse(body) : undefined;
      },
      60_000,
      'the job done',
    );
    expect(done.progress).toEqual({ done: PARTNERS, total: PARTNERS });
    expect(done.designations).toEqual(expectedSummary);
  });

  it('refuses an invalid program naming the field, other media types, an unknown job, a partner token and no key', async () => {
    const invalid = await post(readFileSync(INVALID_PROGRAM, 'utf8'), { 'content-type': 'application/yaml' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await invalid.json()) as { error: string; parameter: string; detail: string };
    record('POST /v1/programs/impact (an invalid YAML program)', invalid.status, problem);
    expect(problem).toMatchObject({ error: 'invalid-program', parameter: 'body' });
    expect(problem.detail).toContain('designations.0.tracks.0.metrics.0.components.0');

    expect((await post('id: x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('', { 'content-type': 'application/json' })).status).toBe(400);
    expect((await getJob('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await getJob('not-a-job')).status).toBe(400);

    const token = signPartnerToken(SIGNING, 'impact-00001', 3_600_000);
    const asPartner = await fetch(`${stack.apiUrl}/v1/programs/impact`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: proposedText,
    });
    expect(asPartner.status).toBe(403);
    const anonymous = await fetch(`${stack.apiUrl}/v1/programs/impact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: proposedText,
    });
    expect(anonymous.status).toBe(401);
  });
});
