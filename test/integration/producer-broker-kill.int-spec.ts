import { createLogger } from '@app/logging';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafka, EventProducer, type OutgoingMessage, partitionPlacement } from '@app/kafka';
import { PROFILES } from '../../scripts/infra/index.mjs';
import {
  clusterPorts,
  replicationFor,
  ROOT,
  startLocalKafkaCluster,
  stopLocalKafkaCluster,
} from '../../scripts/infra/kafka.mjs';
import { kafkaAt, readTopic } from '../support/faults/kafka-tools.js';
import { createNamespace, testKafka } from '../support/infra.js';
import { eventually } from '../support/processes.js';

const BROKERS = 3;
const PARTITIONS = 6;
const KEYS = 30;
const log = (line: string) => process.stderr.write(`[producer-broker-kill] ${line}\n`);

/**
 * The open finding of issue #13 (docs/reliability.md §7), reduced to the producer: dead letters
 * went missing from the DLQ after a partition leader was SIGKILLed, while the scorer had been
 * told every send succeeded. Here capscore's EventProducer (idempotent, acks=all) sends batches
 * that span every partition, and so every broker, without pause, while the leader of partition 0
 * is SIGKILLed (frozen first, so a send is in flight) and its partitions move to the surviving
 * brokers. Every send that resolved must
 * be in the topic; a message may be there twice only as the same bytes, and per key the first
 * occurrences keep the order of the sends.
 */
describe('EventProducer on a three-broker Kafka: a partition leader SIGKILLed under a stream of multi-partition sends', () => {
  const kafkaBase = PROFILES.test.kafkaClusterPort;
  let brokers: string[] = [];

  beforeAll(async () => {
    brokers = await startLocalKafkaCluster(kafkaBase, BROKERS, log);
  });

  afterAll(async () => {
    await stopLocalKafkaCluster(kafkaBase, BROKERS);
  });

  it('loses no acknowledged message when the leader dies mid-send', async () => {
    const ns = await createNamespace(PARTITIONS, { brokers, replication: replicationFor(BROKERS) });
    const topic = ns.topics.dlq;
    const partialSends: string[] = [];
    const producer = new EventProducer(
      createKafka(
        { brokers, clientId: 'producer-broker-kill', ssl: false },
        createLogger({ app: 'test', level: 'error', format: 'json', destination: 2 }),
      ),
      {
        onPartialSend: (partitions, messages) =>
          partialSends.push(`${messages} message(s) of ${partitions.join(', ')}`),
      },
    );
    await producer.connect();
    await producer.prepare([topic]);

    const acknowledged: OutgoingMessage[] = [];
    let stop = false;
    let failedSends = 0;
    // Two senders, as the scorer has (a unit's publish beside a timer round's), each sending the
    // next batch only once the previous one resolved; a send that fails is sent again, as the
    // scorer retries a unit.
    const sender = async (name: string) => {
      for (let batch = 0; !stop; batch++) {
        const messages = Array.from({ length: KEYS }, (_, k): OutgoingMessage => ({
          topic,
          key: `partner-${k}`,
          value: `${name}:${batch}:${k}`,
        }));
        for (;;) {
          try {
            await producer.send(messages);
            break;
          } catch (error) {
            failedSends++;
            log(`${name} batch ${batch}: send failed (${String(error)}), sending again`);
          }
        }
        acknowledged.push(...messages);
      }
    };
    const senders = [sender('a'), sender('b')];
    await eventually(() => (acknowledged.length >= 20 * KEYS ? true : undefined), 60_000, 'the first sends');

    const kafka = testKafka('capscore-test', brokers);
    const leaderOf0 = async () =>
      (await partitionPlacement(kafka, topic)).find((p) => p.partition === 0)!.leader;
    const victim = await leaderOf0();
    const port = clusterPorts(kafkaBase, BROKERS)[victim - 1]!;
    const pid = Number(readFileSync(join(ROOT, '.run', `kafka-${port}`, 'kafka.pid'), 'utf8').trim());
    // Frozen first, so that the kill always lands on a send in flight (its request to this broker
    // pending, the other brokers' answered), whatever the machine's timing: a kill between two
    // sends would only make the next one fail as a whole, which kafkajs retries correctly.
    process.kill(pid, 'SIGSTOP');
    let frozenAt = acknowledged.length;
    await eventually(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const stalled = acknowledged.length === frozenAt;
        frozenAt = acknowledged.length;
        return stalled ? true : undefined;
      },
      60_000,
      'sends waiting on the frozen broker',
    );
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    const sentBeforeKill = acknowledged.length;
    const newLeader = await eventually(
      async () => {
        const leader = await leaderOf0().catch(() => victim);
        return leader !== victim && leader >= 0 ? leader : undefined;
      },
      60_000,
      'a new leader for partition 0',
    );
    log(
      `broker ${victim} SIGKILLed after ${sentBeforeKill} messages; partition 0 led by broker ${newLeader} ${Date.now() - killedAt} ms later`,
    );
    // Sends resolve again through the new leaders; keep going a little past that.
    const resumedAt = acknowledged.length;
    await eventually(
      () => (acknowledged.length >= resumedAt + 20 * KEYS ? true : undefined),
      120_000,
      'sends after the new leader',
    );
    stop = true;
    await Promise.all(senders);
    await producer.disconnect();

    // Each record once: the reading consumer itself may be handed a batch twice around the dead broker.
    const read = [
      ...new Map(
        (await readTopic(kafkaAt(brokers), topic)).map((m) => [`${m.partition}/${m.offset}`, m]),
      ).values(),
    ];
    const byValue = new Map<string, string[]>();
    for (const m of read) {
      const value = m.value?.toString() ?? '';
      byValue.set(value, [...(byValue.get(value) ?? []), `${m.key?.toString()}|${value}`]);
    }
    const missing = acknowledged.filter((m) => !byValue.has(String(m.value)));
    const conflicting = [...byValue.values()].filter((copies) => new Set(copies).size > 1);
    const duplicates = [...byValue.values()].reduce((n, copies) => n + copies.length - 1, 0);
    log(
      `${acknowledged.length} messages acknowledged, ${read.length} read, ${missing.length} missing, ${duplicates} duplicate(s), ${failedSends} failed send(s); kafkajs left out ${partialSends.join('; ') || 'nothing'}`,
    );

    // Per key, in offset order, the first occurrence of each sender's batches comes in batch order.
    const orderViolations: string[] = [];
    const sorted = [...read].sort(
      (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
    );
    const lastBatch = new Map<string, number>();
    const seen = new Set<string>();
    for (const m of sorted) {
      const value = m.value?.toString() ?? '';
      if (seen.has(value)) continue;
      seen.add(value);
      const [name, batch] = value.split(':');
      const key = `${m.key?.toString()}/${name}`;
      if (Number(batch) < (lastBatch.get(key) ?? -1)) orderViolations.push(value);
      lastBatch.set(key, Number(batch));
    }

    // The kill meets sends in flight, and in most runs kafkajs reports one of them complete
    // without the partitions that moved (the defect), which EventProducer sends again. In some
    // runs the broker's timing fails the send as a whole instead and kafkajs retries it (a
    // duplicate, no defect): the run still checks that nothing acknowledged was lost, and says
    // it did not meet the defect. Failing it would fail CI on the broker's timing (it did once,
    // 2026-11-28); the re-send itself is unit-tested in libs/kafka (partition-acks.spec.ts).
    if (partialSends.length === 0) {
      log('this run did not meet the kafkajs defect (no send reported complete without a moved partition)');
    }
    expect({
      missing: missing.slice(0, 10).map((m) => m.value),
      conflicting,
      orderViolations: orderViolations.slice(0, 10),
    }).toEqual({ missing: [], conflicting: [], orderViolations: [] });
  });
});
