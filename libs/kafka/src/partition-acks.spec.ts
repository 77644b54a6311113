import { Partitioners } from 'kafkajs';
import { classifyKafkaError } from './kafka-errors.js';
import { PartialSendError, partitionNames, partitionOf, unacknowledged } from './partition-acks.js';

describe('partitionOf', () => {
  // The partition kafkajs would choose itself from the cluster's real metadata (here with a
  // partition whose leader is unavailable, -1, which a keyed placement must not skip).
  it.each([
    ['partner-0', 6],
    ['demo-00031', 12],
    ['', 3],
    ['ü-non-ascii-🙂', 7],
  ])('places %p among %i partitions as kafkajs would', (key, count) => {
    const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: partitionId === 1 ? -1 : partitionId % 3,
      replicas: [0],
      isr: [0],
    }));
    const expected = Partitioners.DefaultPartitioner()({
      topic: 't',
      partitionMetadata,
      message: { key, value: 'v' },
    });
    expect(partitionOf('t', key, count)).toBe(expected);
  });

  it('is stable and spreads keys over every partition', () => {
    const placed = Array.from({ length: 200 }, (_, i) => partitionOf('t', `partner-${i}`, 6));
    expect(Array.from({ length: 200 }, (_, i) => partitionOf('t', `partner-${i}`, 6))).toEqual(placed);
    expect(new Set(placed)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
  });
});

describe('unacknowledged', () => {
  const messages = [
    { topic: 'dlq', partition: 0, key: 'a' },
    { topic: 'dlq', partition: 1, key: 'b' },
    { topic: 'dlq', partition: 1, key: 'c' },
    { topic: 'designations', partition: 0, key: 'a' },
  ];

  it('keeps the messages of partitions the answer leaves out (a retried send that skipped a moved partition)', () => {
    const acks = [
      { topicName: 'dlq', partition: 0, errorCode: 0 },
      { topicName: 'designations', partition: 0, errorCode: 0 },
    ];
    expect(unacknowledged(messages, acks).map((m) => m.key)).toEqual(['b', 'c']);
    expect(partitionNames(unacknowledged(messages, acks))).toEqual(['dlq[1]']);
  });

  it('keeps the messages of a partition acknowledged with an error, and nothing once all are acknowledged', () => {
    const all = [
      { topicName: 'dlq', partition: 0, errorCode: 0 },
      { topicName: 'dlq', partition: 1, errorCode: 0 },
      { topicName: 'designations', partition: 0, errorCode: 0 },
    ];
    expect(unacknowledged(messages, all)).toEqual([]);
    expect(
      unacknowledged(messages, [...all.slice(1), { topicName: 'dlq', partition: 0, errorCode: 6 }]).map(
        (m) => m.key,
      ),
    ).toEqual(['a']);
  });

  it('tells a topic from another with the same partition number', () => {
    expect(
      unacknowledged(messages, [
        { topicName: 'dlq', partition: 0, errorCode: 0 },
        { topicName: 'dlq', partition: 1, errorCode: 0 },
      ]).map((m) => m.topic),
    ).toEqual(['designations']);
  });
});

describe('PartialSendError', () => {
  it('is a transient leader change: the unit is retried, its offsets stay uncommitted', () => {
    expect(classifyKafkaError(new PartialSendError(['dlq[1]']))).toEqual({
      kind: 'transient',
      reason: 'kafka-leader-change',
    });
    expect(new PartialSendError(['dlq[1]', 'scores[0]']).message).toBe(
      'Kafka acknowledged a send without dlq[1], scores[0]',
    );
  });
});
