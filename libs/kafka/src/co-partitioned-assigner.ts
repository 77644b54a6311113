import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * Gives partition p of every subscribed topic to the same member (p mod members, members sorted),
 * like Kafka Streams' co-partitioning. Every input topic is keyed by partnerId with the same
 * partition count, so one member owns all of a partner's events, its timer shard and its outbox:
 * concurrent writers of one partner only exist around a rebalance, never in steady state.
 */
export const CoPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'CapscoreCoPartitioned',
  version: 0,
  assign({ members, topics }) {
    const sortedMembers = members.map((m) => m.memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(sortedMembers.map((id) => [id, {}]));
    for (const topic of topics) {
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const memberId = sortedMembers[partitionId % sortedMembers.length];
        if (memberId === undefined) continue;
        const mine = assignment.get(memberId) as Record<string, number[]>;
        (mine[topic] ??= []).push(partitionId);
      }
    }
    return Promise.resolve(
      [...assignment].map(([memberId, topicPartitions]) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: topicPartitions,
          userData: Buffer.alloc(0),
        }),
      })),
    );
  },
  protocol({ topics }) {
    return {
      name: 'CapscoreCoPartitioned',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
    };
  },
});
