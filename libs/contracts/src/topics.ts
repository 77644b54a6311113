import defaultTopics from './default-topics.json' with { type: 'json' };

/**
 * Default topic names (contracts.md). Every name is configurable; these are the defaults. A JSON
 * file so that scripts/infra (plain JavaScript, run before any build) reads the same names.
 */
export const DEFAULT_TOPICS = defaultTopics;

export type TopicRole = keyof typeof DEFAULT_TOPICS;
export type TopicNames = Record<TopicRole, string>;

/** The three input topics, in the order the consumers subscribe to them. */
export const INPUT_TOPIC_ROLES = ['certifications', 'revenue', 'customerSuccess'] as const;
export type InputTopicRole = (typeof INPUT_TOPIC_ROLES)[number];
