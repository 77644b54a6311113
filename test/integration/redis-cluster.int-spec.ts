import { parseConfig } from '@app/config';
import type { DesignationEvent, DlqRecord } from '@app/contracts';
import { deleteKeysMatching, isCluster, masterNodes, nodeName, partnerFootprint, scanKeys } from '@app/redis';
import { PROFILES } from '../../scripts/infra/index.mjs';
import {
  clusterNodePid,
  startLocalRedisCluster,
  stopLocalRedisCluster,
} from '../../scripts/infra/redis-cluster.mjs';
import { createNamespace, dropNamespace, type TestNamespace } from '../support/infra.js';
import { TopicCollector } from '../support/kafka-io.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { AppProcess, eventually, httpJson } from '../support/processes.js';
import {
  aggregateMismatches,
  buildScenario,
  deadLetterValues,
  expectedDeadLetterValues,
  expectedDesignationEvents,
  groupByPartner,
  INGESTED_AT,
  produceScenario,
  waitForEvaluation,
  waitForLag0,
} from '../support/scenario.js';
import { Stack } from '../support/stack.js';

/**
 * The pipeline-oracle scenario, 200 partners, with the scorer and the api on a local Redis
 * Cluster (three masters, three replicas, started by scripts/infra like `npm run infra -- up
 * --redis-cluster`): the end state must equal libs/scoring's clean pass, as on one server.
 */
describe('pipeline on a Redis Cluster against the clean-pass oracle (real Kafka, 3 masters + 3 replicas)', () => {
  const scenario = buildScenario(200);
  const basePort = PROFILES.test.redisClusterPort;
  let clusterStarted = false;
  let ns: TestNamespace | undefined;
  let stack: Stack | undefined;
  let probe: PipelineProbe;
  let designations: TopicCollector | undefined;
  let dlq: TopicCollector | undefined;

  beforeAll(async () => {
    clusterStarted = true; // stop whatever part of it started, even if the start fails
    const clusterNodes = await startLocalRedisCluster(basePort, {
      log: (line) => process.stderr.write(`[infra] ${line}\n`),
    });
    ns = await createNamespace();
    // The namespace's env names the suite's one server (REDIS_URL): empty means unset.
    const redisEnv = { REDIS_URL: '', REDIS_CLUSTER_NODES: clusterNodes };
    stack = new Stack(ns, {
      ...redisEnv,
      CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
      SCORER_TIMER_INTERVAL_MS: '200',
    });
    await Promise.all([stack.startScorer(), stack.startApi()]);
    probe = new PipelineProbe(ns, parseConfig(redisEnv).redis);
    await probe.connect();
    designations = new TopicCollector(ns.topics.designations);
    dlq = new TopicCollector(ns.topics.dlq);
    await Promise.all([designations.start(), dlq.start()]);
  });

  afterAll(async () => {
    await Promise.all([designations?.stop(), dlq?.stop()]);
    await probe?.close().catch(() => undefined);
    await stack?.stop();
    if (ns) await dropNamespace(ns);
    if (clusterStarted) await stopLocalRedisCluster(basePort);
  });

  it('runs the apps on the cluster: readiness checks every master', async () => {
    expect(isCluster(probe.redis)).toBe(true);
    expect(masterNodes(probe.redis)).toHaveLength(3);
    const ready = await eventually(
      async () => {
        const r = await httpJson(`${stack!.apiUrl}/health/ready`);
        return r.status === 200 ? r : undefined;
      },
      30_000,
      'api ready',
    );
    expect(ready.body).toEqual({ status: 'ok', redis: true, kafka: true, consumerAssigned: true });
  });

  it('applies every valid event exactly once: aggregates and scores equal the clean pass, partners spread over every master', async () => {
    const started = Date.now();
    await produceScenario(scenario, ns!);
    await waitForLag0(probe);
    process.stderr.write(
      `${scenario.sim.records.length} records consumed on the cluster in ${Date.now() - started} ms\n`,
    );
    expect(await aggregateMismatches(scenario, probe, INGESTED_AT)).toEqual([]);

    // Every master holds some of the partners (SCAN on each master: the same code the scorer's
    // start-up recovery and the test cleanup use).
    const perMaster = new Map<string, number>();
    await scanKeys(probe.redis, `${ns!.keyPrefix}p:{*}`, (keys, node) => {
      const states = keys.filter((k) => !k.endsWith(':outbox')).length;
      perMaster.set(nodeName(node), (perMaster.get(nodeName(node)) ?? 0) + states);
    });
    const partnersWithEvents = new Set(scenario.validEvents.map((e) => e.partnerId)).size;
    expect([...perMaster.values()].reduce((a, b) => a + b, 0)).toBe(partnersWithEvents);
    expect(perMaster.size).toBe(3);
    for (const count of perMaster.values()) expect(count).toBeGreaterThan(partnersWithEvents / 10);
  });

  it('dead-letters every malformed record with its original value', async () => {
    const expected = expectedDeadLetterValues(scenario);
    await eventually(
      () => (dlq!.messages.length >= expected.length ? true : undefined),
      60_000,
      'all dead letters',
    );
    expect(deadLetterValues(dlq!.json<DlqRecord>())).toEqual(expected);
  });

  it('publishes exactly the expected designation events when the clock reaches the settled month; the api reads them back', async () => {
    const expected = expectedDesignationEvents(scenario);
    const expectedCount = [...expected.values()].reduce((n, list) => n + list.length, 0);
    expect(expectedCount).toBeGreaterThan(20);

    const moved = await httpJson(`${stack!.apiUrl}/admin/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: new Date(scenario.settledAt).toISOString() }),
    });
    expect(moved.status).toBe(200);
    await waitForEvaluation(probe, scenario.sim.partnerIds, scenario.settledAt);
    await eventually(
      () => (designations!.messages.length >= expectedCount ? true : undefined),
      60_000,
      'designation events',
    );

    const published = groupByPartner(designations!.json<DesignationEvent>());
    expect(published.size).toBe(expected.size);
    for (const [partnerId, events] of expected) {
      expect({ partnerId, events: published.get(partnerId) }).toEqual({ partnerId, events });
    }
    expect(await aggregateMismatches(scenario, probe, scenario.settledAt)).toEqual([]);
    expect(await probe.store.partnersWithPendingOutbox()).toEqual([]);

    // Global keys on the cluster: the partner list, holder indexes, one partner's scores.
    const partners = await httpJson(`${stack!.apiUrl}/partners?limit=1`);
    expect((partners.body as { total: number }).total).toBe(
      new Set(scenario.validEvents.map((e) => e.partnerId)).size,
    );
    const granted = new Map<string, number>();
    for (const events of expected.values()) {
      for (const e of events) {
        if (e.type === 'designation.granted') {
          granted.set(e.designationId, (granted.get(e.designationId) ?? 0) + 1);
        }
      }
    }
    const lost = new Map<string, number>();
    for (const events of expected.values()) {
      for (const e of events) {
        if (e.type === 'designation.lost') lost.set(e.designationId, (lost.get(e.designationId) ?? 0) + 1);
      }
    }
    for (const [designationId, count] of granted) {
      const holders = await httpJson(`${stack!.apiUrl}/designations/${designationId}/partners?limit=1`);
      expect({ designationId, total: (holders.body as { total: number }).total }).toEqual({
        designationId,
        total: count - (lost.get(designationId) ?? 0),
      });
    }
    const someone = [...expected.keys()][0]!;
    expect((await httpJson(`${stack!.apiUrl}/partners/${someone}/scores`)).status).toBe(200);
    // Sharded indexes merged on read: a prefix search finds every partner with that prefix, on whichever master.
    const prefix = someone.slice(0, 3);
    const found = new Set<string>();
    for (let cursor: string | null = ''; cursor !== null;) {
      const page = (
        await httpJson(
          `${stack!.apiUrl}/v1/partners?prefix=${prefix}&limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).body as { partners: { partnerId: string }[]; nextCursor: string | null };
      for (const p of page.partners) found.add(p.partnerId);
      cursor = page.nextCursor;
    }
    expect([...found].sort()).toEqual(
      [...new Set(scenario.validEvents.map((e) => e.partnerId))].filter((id) => id.startsWith(prefix)).sort(),
    );
    // The history, written in the partner's commit, holds exactly the designation events published (same eventIds).
    for (const [partnerId, events] of expected) {
      const history = (
        await httpJson(`${stack!.apiUrl}/v1/partners/${partnerId}/history?from=2000-01-01&to=2100-01-01`)
      ).body as { designations: { events: { eventId: string }[] }[] };
      const recorded = history.designations.flatMap((d) => d.events.map((e) => e.eventId)).sort();
      expect({ partnerId, recorded }).toEqual({ partnerId, recorded: events.map((e) => e.eventId).sort() });
    }
    expect((await httpJson(`${stack!.apiUrl}/v1/worklists/near-miss?designation=security`)).status).toBe(200);
    expect((await partnerFootprint(probe.redis, probe.store.keys, someone)).keys).toBeGreaterThanOrEqual(1);
  });

  it('finds outboxes on every master (start-up recovery SCAN) and deletes a namespace across masters', async () => {
    // Outboxes of partners no scenario has, so the running scorer never publishes them.
    const ids = Array.from({ length: 30 }, (_, i) => `scan-probe-${i}`);
    await Promise.all(ids.map((id) => probe.redis.rpush(probe.store.keys.partnerOutbox(id), '{}')));
    expect((await probe.store.partnersWithPendingOutbox()).sort()).toEqual([...ids].sort());
    expect(await deleteKeysMatching(probe.redis, `${ns!.keyPrefix}p:{scan-probe-*}:outbox`)).toBe(ids.length);
    expect(await probe.store.partnersWithPendingOutbox()).toEqual([]);
  });

  it('refuses to start a scorer whose REDIS_URL names a cluster node (a one-server client would meet MOVED)', async () => {
    const scorer = new AppProcess('scorer', {
      ...ns!.env,
      REDIS_URL: `redis://127.0.0.1:${basePort}`,
      SCORER_HTTP_PORT: '0',
    });
    // 80: the exit code of a one-server client at a cluster (docs/operations.md).
    expect(await scorer.exited).toBe(80);
    expect(scorer.output.join('\n')).toContain(
      `the Redis at 127.0.0.1:${basePort} is a node of a Redis Cluster (cluster_enabled:1)`,
    );
  });

  it('names the failing master in readiness when one dies, and is ready again once its replica took over', async () => {
    const victim = masterNodes(probe.redis)[0]!;
    const name = nodeName(victim);
    const pid = clusterNodePid(basePort, victim.options.port!);
    expect(pid).not.toBeNull();
    process.kill(pid!, 'SIGKILL');
    const killed = Date.now();
    const unready = await eventually(
      async () => {
        const r = await httpJson(`${stack!.apiUrl}/health/ready`);
        return r.status === 503 ? r : undefined;
      },
      10_000,
      'readiness to fail',
    );
    process.stderr.write(
      `readiness ${Date.now() - killed} ms after the kill: 503 ${JSON.stringify(unready.body)}\n`,
    );
    expect(unready.body).toMatchObject({ status: 'unavailable', redis: false });
    expect((unready.body as { redisProblems: string[] }).redisProblems.join('\n')).toContain(
      `${name} (master)`,
    );
    await eventually(
      async () => ((await httpJson(`${stack!.apiUrl}/health/ready`)).status === 200 ? true : undefined),
      60_000,
      'readiness after the failover',
    );
    process.stderr.write(`master ${name} SIGKILLed: api ready again after ${Date.now() - killed} ms\n`);
    // Every partner is still there (the replicas had every write: the stream ended long before).
    // The first reads after the failover may still meet the old slot owner: retried until one answers.
    const mismatches = await eventually(
      () => aggregateMismatches(scenario, probe, scenario.settledAt),
      30_000,
      'partners readable after the failover',
    );
    expect(mismatches).toEqual([]);
  });
});
