import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DesignationEvent, InputEvent } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { createRedis, deleteKeysMatching, PartnerStore, type RedisClient, RedisKeys } from '@app/redis';
import { backtest, parseProgram, scheduleOf } from '@app/scoring';
import { createNamespace, dropNamespace, redisUrl, type TestNamespace } from '../support/infra.js';
import { produce, TopicCollector } from '../support/kafka-io.js';
import { eventually, httpJson } from '../support/processes.js';
import { Stack } from '../support/stack.js';

/**
 * Scheduled program versions through the pipeline (issue 16 items 2 and 3), on the fixed clock.
 * One designation "d" scored by certified people, 10 points each: version 1 needs 7 people
 * (threshold 70); version 2 takes effect mid-month, on 2026-06-15 12:00, and needs 9 (90).
 * Partner i has 5..9 people from 2026-01-01; every third one gets 2 more from 2027-02-01
 * (inside the renewal window of its anniversary 2027-06-01). Expected events come from the
 * offline engine (backtest over the same schedule); the stories they tell:
 *   7 or 8 people: granted 2026-06-01 (on the events), at-risk at the cut-over, lost 2027-06-01
 *                  (grandfather) or lost at the cut-over (rescore);
 *   the same + 2:  grandfather: at-risk at the cut-over, renewed 2027-06-01; rescore: lost at the
 *                  cut-over, granted again 2027-02-01;
 *   9 people:      granted, renewed (both versions agree).
 */
const T0 = '2026-06-01T00:00:00.000Z';
const CUT_OVER = '2026-06-15T12:00:00.000Z';
const AFTER_CUT_OVER = '2026-06-20T00:00:00.000Z';
const END = '2027-07-01T00:00:00.000Z';
const PARTNERS = 24;

const programFile = (dir: string, name: string, extra: Record<string, unknown>) => {
  const path = join(dir, name);
  writeFileSync(
    path,
    JSON.stringify({
      id: 'people',
      version: '1',
      threshold: 70,
      dataLagDays: 0,
      certifications: ['cert-a'],
      designations: [
        {
          id: 'd',
          tracks: [
            {
              id: 't',
              metrics: [
                {
                  id: 'people',
                  category: 'skilling',
                  maxPoints: 100,
                  components: [{ kind: 'certifiedPeople', certifications: ['cert-a'], fullAt: 10 }],
                },
              ],
            },
          ],
        },
      ],
      ...extra,
    }),
  );
  return path;
};

const partnerIds = Array.from({ length: PARTNERS }, (_, i) => i);
/** People certified from 2026-01-01, and from 2027-02-01, of partner i. */
const early = (i: number) => 5 + (i % 5);
const late = (i: number) => (i % 3 === 0 ? 2 : 0);
const count = (test: (i: number) => boolean) => partnerIds.filter(test).length;
/** Held under version 1 (7 people or more) but short of version 2's 9 at the cut-over. */
const heldShortOfV2 = (i: number) => early(i) >= 7 && early(i) < 9;

function partnerEvents(): InputEvent[] {
  const events: InputEvent[] = [];
  for (const i of partnerIds) {
    const partnerId = `pv-${String(i).padStart(2, '0')}`;
    const earned = (person: string, earnedAt: string): InputEvent => ({
      eventId: `${partnerId}-${person}`,
      type: 'certification.earned',
      partnerId,
      occurredAt: '2026-05-20T00:00:00Z',
      data: { individualId: person, certificationId: 'cert-a', earnedAt },
    });
    for (let p = 0; p < early(i); p++) events.push(earned(`p${p}`, '2026-01-01T00:00:00Z'));
    for (let p = 0; p < late(i); p++) events.push(earned(`late-${p}`, '2027-02-01T00:00:00Z'));
  }
  return events;
}

/**
 * The events as compared: a grant at T0 is caused by the events in the pipeline and by the first
 * evaluation (a timer) offline; its eventId and everything else are the same.
 */
const comparable = (e: DesignationEvent): DesignationEvent =>
  e.occurredAt === T0 ? { ...e, data: { ...e.data, cause: { kind: 'timer' } } } : e;
const byPartnerThenTime = (a: DesignationEvent, b: DesignationEvent) =>
  a.partnerId.localeCompare(b.partnerId) || a.occurredAt.localeCompare(b.occurredAt);

describe('scheduled program versions: the cut-over on the fixed clock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capscore-versions-'));
  const v1 = programFile(dir, 'v1.json', {});
  const v2Grandfather = programFile(dir, 'v2.json', {
    version: '2',
    threshold: 90,
    effectiveFrom: CUT_OVER,
    onVersionChange: 'grandfather',
  });
  const v2Rescore = programFile(dir, 'v2-rescore.json', {
    version: '2',
    threshold: 90,
    effectiveFrom: CUT_OVER,
    onVersionChange: 'rescore',
  });
  const events = partnerEvents();
  const expected = (v2File: string, to: string) => {
    const versions = [v1, v2File].map((f) => parseProgram(JSON.parse(readFileSync(f, 'utf8')), f));
    return backtest(scheduleOf(versions), events, Date.parse(T0), Date.parse(to))
      .map(comparable)
      .sort(byPartnerThenTime);
  };
  let redis: RedisClient;

  beforeAll(async () => {
    redis = createRedis(redisUrl());
    await redis.connect();
  });
  afterAll(async () => {
    await redis.quit();
  });

  /** A namespace with a collector of its designation events and helpers over its fixed clock and timers. */
  async function pipeline() {
    const ns: TestNamespace = await createNamespace();
    const designations = new TopicCollector(ns.topics.designations);
    await designations.start();
    const keys = new RedisKeys(ns.keyPrefix);
    const stackWith = (programs: string[]) =>
      new Stack(ns, {
        CAPSCORE_CLOCK: T0,
        SCORER_TIMER_INTERVAL_MS: '100',
        CAPSCORE_PROGRAM: programs.join(','),
      });
    const published = () => designations.json<DesignationEvent>().map(comparable).sort(byPartnerThenTime);
    const timers = async () =>
      (
        await Promise.all([0, 1, 2, 3].map((s) => redis.zrange(keys.timers(s), '0', '-1', 'WITHSCORES')))
      ).flatMap((flat) => flat.filter((_, i) => i % 2 === 1).map(Number));
    const moveClock = async (apiUrl: string, now: string) => {
      const r = await httpJson(`${apiUrl}/v1/admin/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ now }),
      });
      expect(r.status).toBe(200);
    };
    /** Waits for the expected events, then until no timer is due at `now` (nothing more to fire), and compares. */
    const expectExactly = async (want: DesignationEvent[], now: string) => {
      await eventually(
        () => (published().length >= want.length ? true : undefined),
        120_000,
        `${want.length} designation events`,
      );
      await eventually(
        async () => ((await timers()).every((at) => at > Date.parse(now)) ? true : undefined),
        60_000,
        'no due timer',
      );
      expect(published()).toEqual(want);
    };
    const drop = async () => {
      await designations.stop();
      await dropNamespace(ns);
    };
    return { ns, stackWith, published, timers, moveClock, expectExactly, drop };
  }

  it('pullTimersForward moves only the timers after the cut-over, a page per call', async () => {
    const keys = new RedisKeys(`capscore-test:timers-${randomUUID().slice(0, 8)}:`);
    const store = new PartnerStore(redis, keys);
    const cutOver = Date.parse(CUT_OVER);
    try {
      await redis.zadd(
        keys.timers(0),
        ...Array.from({ length: 2500 }, (_, i) => [cutOver + 1 + i, `later-${i}`]).flat(),
      );
      await redis.zadd(keys.timers(0), cutOver - 5, 'earlier', cutOver, 'at-the-cut-over');
      const pages = [];
      for (let moved = -1; moved !== 0;) {
        pages.push((moved = await store.pullTimersForward(0, cutOver, 1000)));
      }
      expect(pages).toEqual([1000, 1000, 500, 0]);
      expect(await redis.zcount(keys.timers(0), cutOver, cutOver)).toBe(2501);
      expect(await redis.zscore(keys.timers(0), 'earlier')).toBe(String(cutOver - 5));
    } finally {
      await deleteKeysMatching(redis, `${keys.prefix}*`);
    }
  });

  it('grandfather: a scorer restarted with the new version brings timers forward; down across the cut-over, it fires it once after the restart; anniversaries decide under the new rules', async () => {
    const p = await pipeline();
    const api = p.stackWith([v1, v2Grandfather]);
    await api.startApi();
    try {
      // Version 1 only: the grants, and timers at the next month start (after the cut-over).
      const first = p.stackWith([v1]);
      await first.startScorer();
      await produce(
        events.map((e) => ({
          topic: p.ns.topics.certifications,
          key: e.partnerId,
          value: JSON.stringify(e),
        })),
      );
      await p.expectExactly(expected(v2Grandfather, T0), T0);
      expect(Math.min(...(await p.timers()))).toBe(Date.parse('2026-07-01T00:00:00Z'));
      await first.stop();

      // Both versions: the new scorer brings every timer forward to the cut-over, then stops before it.
      const second = p.stackWith([v1, v2Grandfather]);
      await second.startScorer();
      await eventually(
        async () => ((await p.timers()).every((at) => at <= Date.parse(CUT_OVER)) ? true : undefined),
        60_000,
        'timers at the cut-over',
      );
      expect(new Set(await p.timers())).toEqual(new Set([Date.parse(CUT_OVER)]));
      await second.stop();

      // The cut-over passes with no scorer running; the next one fires it, once.
      await p.moveClock(api.apiUrl, AFTER_CUT_OVER);
      const third = p.stackWith([v1, v2Grandfather]);
      await third.startScorer();
      const atCutOver = expected(v2Grandfather, AFTER_CUT_OVER);
      expect(
        atCutOver
          .filter((e) => e.occurredAt === CUT_OVER)
          .map((e) => `${e.type} ${e.programVersion} ${e.data.cause.kind}`),
      ).toEqual(Array<string>(count(heldShortOfV2)).fill('designation.at-risk 2 program-version'));
      await p.expectExactly(atCutOver, AFTER_CUT_OVER);
      const scores = await httpJson(`${api.apiUrl}/v1/partners/pv-02/scores`);
      expect(scores.body).toMatchObject({
        programVersion: '2',
        threshold: 90,
        designations: [
          { designationId: 'd', score: 70, qualified: false, lifecycle: { held: true, atRisk: true } },
        ],
      });
      await third.stop();

      // Restarted again: the anniversaries, decided under version 2, and nothing repeated.
      const fourth = p.stackWith([v1, v2Grandfather]);
      await fourth.startScorer();
      await p.moveClock(api.apiUrl, END);
      const all = expected(v2Grandfather, END);
      // Lost: short of 9 in the whole window; renewed: 9 from the start, or from 2027-02-01.
      expect(
        all
          .filter((e) => e.occurredAt === '2027-06-01T00:00:00.000Z')
          .map((e) => e.type)
          .sort(),
      ).toEqual([
        ...Array<string>(count((i) => heldShortOfV2(i) && early(i) + late(i) < 9)).fill('designation.lost'),
        ...Array<string>(count((i) => early(i) >= 7 && early(i) + late(i) >= 9)).fill('designation.renewed'),
      ]);
      await p.expectExactly(all, END);
      await fourth.stop();
    } finally {
      await api.stop();
      await p.drop();
    }
  });

  it('rescore: holders that miss the new rules lose the designation at the cut-over', async () => {
    const p = await pipeline();
    const stack = p.stackWith([v1, v2Rescore]);
    try {
      await Promise.all([stack.startScorer(), stack.startApi()]);
      await produce(
        events.map((e) => ({
          topic: p.ns.topics.certifications,
          key: e.partnerId,
          value: JSON.stringify(e),
        })),
      );
      await p.expectExactly(expected(v2Rescore, T0), T0);
      await p.moveClock(stack.apiUrl, END);
      const all = expected(v2Rescore, END);
      expect(
        all
          .filter((e) => e.occurredAt === CUT_OVER)
          .map((e) => `${e.type} ${e.programVersion} ${e.data.cause.kind}`),
      ).toEqual(Array<string>(count(heldShortOfV2)).fill('designation.lost 2 program-version'));
      // Granted again once 9 people hold the certification, by version 2's rules.
      expect(all.filter((e) => e.occurredAt === '2027-02-01T00:00:00.000Z').map((e) => e.type)).toEqual(
        Array<string>(count((i) => heldShortOfV2(i) && early(i) + late(i) >= 9)).fill('designation.granted'),
      );
      await p.expectExactly(all, END);
    } finally {
      await stack.stop();
      await p.drop();
    }
  });
});
