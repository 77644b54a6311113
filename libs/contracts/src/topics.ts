/** Default topic names (contracts.md). Every name is configurable; these are the defaults. */
export const DEFAULT_TOPICS = {
  certifications: 'capscore.certifications.v1',
  revenue: 'capscore.revenue.v1',
  customerSuccess: 'capscore.customer-success.v1',
  designations: 'capscore.designations.v1',
  scores: 'capscore.scores.v1',
  dlq: 'capscore.dlq.v1',
} as const;

export type TopicRole = keyof typeof DEFAULT_TOPICS;
export type TopicNames = Record<TopicRole, string>;

/** The three input topics, in the order the consumers subscribe to them. */
export const INPUT_TOPIC_ROLES = ['certifications', 'revenue', 'customerSuccess'] as const;
export type InputTopicRole = (typeof INPUT_TOPIC_ROLES)[number];
