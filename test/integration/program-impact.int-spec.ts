import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRedis, deleteKeysMatching, PartnerStore, type RedisClient, RedisKeys } from '@app/redis';
import { MCPP_PROGRAM, parseProgramText } from '@app/scoring';
import { type ImpactReport as Report, offlineImpact } from '../../libs/scoring/test/support/impact-oracle.js';
import { simulate } from '@app/simulation';
import { redisUrl } from '../support/infra.js';
import { canonical, cleanPassAggregates } from '../support/oracle.js';
import { runCapscore } from '../support/processes.js';
import { storeAggregates, storeContents } from '../support/store-contents.js';

const PROPOSED_FILE = new URL('../../docs/examples/mcpp-2027-proposed.json', import.meta.url).pathname;
const INVALID_PROGRAM = new URL('../../apps/cli/test/fixtures/invalid-program.yaml', import.meta.url)
  .pathname;
/** More partners than one page of the command (200): the walk must cross pages. */
const PARTNERS = 230;
/** Listed in the partner index but never committed (no facts): read, not scored. */
const LISTED_ONLY = 'listed-only';

describe('capscore program impact reads every partner of the Redis store and writes nothing', () => {
  const prefix = `capscore-test:impact-${randomUUID().slice(0, 8)}:`;
  const sim = simulate({
    seed: 16,
    partners: PARTNERS,
    lastMonth: '2026-05',
    partnerPrefix: 'impact',
    invalidRate: 0,
  });
  const asOf = sim.settledAt;
  // The store holds what the scorer would have written by asOf: the valid events up to then, pruned at asOf.
  const events = sim.records.flatMap((r) =>
    r.event && Date.parse(r.event.occurredAt) <= asOf ? [r.event] : [],
  );
  const env = { REDIS_URL: '', REDIS_KEY_PREFIX: prefix };
  let redis: RedisClient;

  beforeAll(async () => {
    env.REDIS_URL = redisUrl();
    redis = createRedis(redisUrl());
    await redis.connect();
    const store = new PartnerStore(redis, new RedisKeys(prefix));
    const aggregates = [...cleanPassAggregates(MCPP_PROGRAM, events, asOf).values()];
    await storeAggregates(store, aggregates);
    await store.rememberPartner(LISTED_ONLY, aggregates.length + 1);
    // The stored form reads back as the same facts (else the comparison below would test the codec).
    const sample = aggregates[7]!;
    expect(canonical((await store.load([sample.partnerId])).get(sample.partnerId)!.aggregate!)).toBe(
      canonical(sample),
    );
  });

  afterAll(async () => {
    await deleteKeysMatching(redis, `${prefix}*`);
    await redis.quit();
  });

  it('equals the offline engine under both programs for every partner, across pages, with progress; the store is unchanged', async () => {
    const before = await storeContents(redis, prefix);
    const run = await runCapscore(
      env,
      'program',
      'impact',
      '--program',
      PROPOSED_FILE,
      '--as-of',
      new Date(asOf).toISOString(),
      '--format',
      'json',
    );
    expect(run.code).toBe(0);
    const proposed = parseProgramText(readFileSync(PROPOSED_FILE, 'utf8'), PROPOSED_FILE);
    const report = JSON.parse(run.stdout) as Report;
    expect(report).toEqual(offlineImpact(MCPP_PROGRAM, proposed, events, asOf));
    expect(report.designations.flatMap((d) => d.gains).length).toBeGreaterThan(0);
    expect(report.designations.flatMap((d) => d.losses).length).toBeGreaterThan(0);
    // Every stored partner counted once; the listed-only one is read but has nothing to score.
    for (const d of report.designations) {
      expect(d.gains.length + d.losses.length + d.unchanged).toBe(PARTNERS);
    }
    expect(run.stderr).toContain(
      `scoring [########################] 100% ${PARTNERS + 1}/${PARTNERS + 1} partners`,
    );
    expect(run.stderr).toContain(
      `program impact at ${new Date(asOf).toISOString()} on ${PARTNERS} partner(s): mcpp 2026.05.0 -> mcpp 2027.01.0`,
    );
    expect(await storeContents(redis, prefix)).toEqual(before);
  });

  it('defaults to the fixed clock and to CAPSCORE_PROGRAM as the active program; a bad CAPSCORE_PROGRAM names the field', async () => {
    const clock = '2026-07-01T00:00:00Z';
    const same = await runCapscore(
      { ...env, CAPSCORE_CLOCK: clock, CAPSCORE_PROGRAM: PROPOSED_FILE },
      'program',
      'impact',
      '--program',
      PROPOSED_FILE,
      '--format',
      'csv',
    );
    expect(same.code).toBe(0);
    expect(same.stderr).toContain(
      `program impact at 2026-07-01T00:00:00.000Z on ${PARTNERS} partner(s): mcpp 2027.01.0 -> mcpp 2027.01.0`,
    );
    expect(same.stdout).toBe('designationId,change,partnerId,before,after\n');

    const bad = await runCapscore(
      { ...env, CAPSCORE_PROGRAM: INVALID_PROGRAM },
      'program',
      'impact',
      '--program',
      PROPOSED_FILE,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('CAPSCORE_PROGRAM: ');
    expect(bad.stderr).toContain(
      'invalid-program.yaml: invalid program: designations.0.tracks.0.metrics.0.components.0',
    );
  });
});
