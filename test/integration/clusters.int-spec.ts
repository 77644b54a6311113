import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '@app/config';
import { masterNodes, nodeName } from '@app/redis';
import { PROFILES } from '../../scripts/infra/index.mjs';
import {
  clusterPorts,
  replicationFor,
  ROOT,
  startLocalKafkaCluster,
  stopLocalKafkaCluster,
} from '../../scripts/infra/kafka.mjs';
import {
  clusterNodePid,
  startLocalRedisCluster,
  stopLocalRedisCluster,
} from '../../scripts/infra/redis-cluster.mjs';
import { NO_END_STATE_PROBLEMS } from '../support/faults/end-state.js';
import { FaultStream, STACK_TRACE, waitDrained } from '../support/faults/fault-stream.js';
import { partitionPlacement, topicConfig } from '@app/kafka';
import { createNamespace, testKafka, type TestNamespace } from '../support/infra.js';
import { PipelineProbe } from '../support/pipeline-probe.js';
import { eventually } from '../support/processes.js';
import { INGESTED_AT, waitForEvaluation } from '../support/scenario.js';
import { Stack } from '../support/stack.js';

const BROKERS = 3;
const log = (line: string) => process.stderr.write(`[clusters] ${line}\n`);

/** Resolves once `progress` has not changed for `quietMs`: the work waits. */
async function stalled(progress: () => Promise<number>, quietMs: number): Promise<void> {
  let last = await progress();
  await eventually(
    async () => {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const now = await progress();
      const same = now === last;
      last = now;
      return same ? true : undefined;
    },
    60_000,
    'the scorer waiting on the frozen broker',
  );
}

/**
 * Issue 13 item 3: the pipeline oracle on the distributed engines capscore names, both started
 * by the project's own scripts (as `npm run infra -- up --brokers 3 --redis-cluster` does): a
 * three-broker KRaft Kafka (topics with replication factor 3, min.insync.replicas 2; capscore
 * produces with acks=all) and a Redis Cluster of three masters and three replicas. Under a
 * running stream a Redis master is SIGKILLed (its replica is promoted) and later the leader of
 * an input partition (its partitions get new leaders from their in-sync replicas). The scorer
 * must ride through both and end with the clean pass: aggregates, every expected designation
 * event with the oracle's body, duplicates only as byte-identical re-publications, every
 * malformed record in the DLQ (a second copy only byte-identical).
 */
describe('pipeline on a three-broker Kafka and a Redis Cluster: a broker and a master SIGKILLed mid-stream', () => {
  // The Redis Cluster test uses the profile's first six ports; this one the next six.
  const redisBase = PROFILES.test.redisClusterPort + 6;
  const kafkaBase = PROFILES.test.kafkaClusterPort;
  let kafkaStarted = false;
  let redisStarted = false;
  let ns: TestNamespace;
  let stack: Stack | undefined;
  let probe: PipelineProbe | undefined;
  let stream: FaultStream;
  let scorerExited = false;

  beforeAll(async () => {
    kafkaStarted = redisStarted = true; // stop whatever part started, even if a start fails
    const [brokers, clusterNodes] = await Promise.all([
      startLocalKafkaCluster(kafkaBase, BROKERS, log),
      startLocalRedisCluster(redisBase, { log }),
    ]);
    const redisEnv = { REDIS_URL: '', REDIS_CLUSTER_NODES: clusterNodes };
    ns = await createNamespace(4, { brokers, replication: replicationFor(BROKERS), redisEnv });
    stack = new Stack(ns, {
      CAPSCORE_CLOCK: new Date(INGESTED_AT).toISOString(),
      SCORER_TIMER_INTERVAL_MS: '200',
    });
    const [scorer] = await Promise.all([stack.startScorer(), stack.startApi()]);
    void scorer.exited.then(() => (scorerExited = true));
    probe = new PipelineProbe(ns, parseConfig(redisEnv).redis);
    await probe.connect();
    // With malformed records (1.5 %, about 190): every one must reach the DLQ. Dead letters
    // published around the broker kill used to go missing (kafkajs resolving a send without the
    // partitions that moved; docs/reliability.md section 6), so this is the regression test too.
    stream = new FaultStream(ns, 150, 1313);
  });

  afterAll(async () => {
    await probe?.close().catch(() => undefined);
    await stack?.stop();
    // The clusters are this test's own: stopping them removes the namespace with them.
    if (kafkaStarted) await stopLocalKafkaCluster(kafkaBase, BROKERS);
    if (redisStarted) await stopLocalRedisCluster(redisBase);
  });

  it('topics are replicated three times with min.insync.replicas 2', async () => {
    const kafka = testKafka('capscore-test', ns.env.KAFKA_BROKERS!.split(','));
    for (const topic of [ns.topics.revenue, ns.topics.designations]) {
      for (const p of await partitionPlacement(kafka, topic)) {
        expect({ topic, replicas: p.replicas.length, isr: p.isr.length }).toEqual({
          topic,
          replicas: 3,
          isr: 3,
        });
      }
    }
    expect(await topicConfig(kafka, ns.topics.designations, 'min.insync.replicas')).toBe('2');
  });

  it('rides through a Redis master and a partition leader SIGKILLed mid-stream; ends with the clean pass', async () => {
    await stream.produce();

    // 1. A Redis master, with the scorer frozen at ~30%.
    const at1 = await stream.freezeAt(stack!.scorer!, 0.3);
    const master = masterNodes(probe!.redis)[0]!;
    const pid = clusterNodePid(redisBase, master.options.port!);
    expect(pid).not.toBeNull();
    process.kill(pid!, 'SIGKILL');
    stream.resume(stack!.scorer!);
    log(`Redis master ${nodeName(master)} SIGKILLed at ${Math.round(at1 * 100)}% consumed`);

    // 2. At once, while the scorer rides through that failover, the leader of revenue partition 0
    // (any node, the first bootstrap server included). Not at a later point of the stream: the
    // scorer commits in large steps after an outage, so a second target would often find the
    // stream consumed. The broker is frozen first and the scorer let run until its sends wait on
    // it, so the kill lands on sends in flight (the case that lost dead letters).
    const kafka = testKafka('capscore-test', ns.env.KAFKA_BROKERS!.split(','));
    const leaderOf0 = async () =>
      (await partitionPlacement(kafka, ns.topics.revenue)).find((p) => p.partition === 0)!.leader;
    const victim = await leaderOf0();
    const port = clusterPorts(kafkaBase, BROKERS)[victim - 1]!;
    const brokerPid = Number(readFileSync(join(ROOT, '.run', `kafka-${port}`, 'kafka.pid'), 'utf8').trim());
    process.kill(brokerPid, 'SIGSTOP');
    // Its log grows with every unit (dead letters are logged) and every retry while Redis fails
    // over (retries up to ~3 s apart by then); asking Kafka for the lag would hang now.
    await stalled(() => Promise.resolve(stack!.scorer!.output.length), 4000);
    process.kill(brokerPid, 'SIGKILL');
    const killedAt = Date.now();
    const newLeader = await eventually(
      async () => {
        const leader = await leaderOf0().catch(() => victim);
        return leader !== victim && leader >= 0 ? leader : undefined;
      },
      60_000,
      `a new leader for partition 0`,
    );
    log(
      `broker ${victim} (port ${port}) SIGKILLed after the scorer's sends stalled on it; partition 0 led by broker ${newLeader} ${Date.now() - killedAt} ms later`,
    );

    await waitDrained(probe!);
    expect(await stream.moveClockToSettled(stack!.apiUrl)).toBe(200);
    await waitForEvaluation(probe!, stream.scenario.sim.partnerIds, stream.scenario.settledAt);
    const end = await stream.endState(probe!, stream.scenario.settledAt, 'clusters');
    expect(end.problems).toEqual(NO_END_STATE_PROBLEMS);
    expect(scorerExited).toBe(false);
    const lines = stack!.scorer!.output;
    expect(lines.filter((line) => STACK_TRACE.test(line)).slice(0, 5)).toEqual([]);
    const resent = lines.filter((line) => line.includes('Kafka reported a send complete without'));
    log(
      `end state equals the clean pass; ${end.duplicates} byte-identical re-publication(s); ${resent.length} send(s) kafkajs reported complete without some partitions, re-sent`,
    );
  });
});
