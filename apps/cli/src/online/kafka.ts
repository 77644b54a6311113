import type { CapscoreConfig } from '@app/config';
import { createKafka, type KafkaClient } from '@app/kafka';
import { createLogger } from '@app/logging';

/**
 * The CLI's Kafka client. Its warnings and errors are log lines in the format of every capscore
 * process (LOG_FORMAT, LOG_LEVEL), on stderr: stdout is the command's answer.
 */
export function cliKafka(config: CapscoreConfig): KafkaClient {
  return createKafka(
    config.kafka,
    createLogger({ app: 'cli', level: config.logLevel, format: config.logFormat, destination: 2 }),
  );
}
