import { INPUT_TOPIC_ROLES } from '@app/contracts';
import { EventProducer } from '@app/kafka';
import { cliKafka } from '../online/kafka.js';
import { type CliCommand, EXIT_OK, UsageError } from '../io.js';
import { onlineConfig } from '../online/config.js';
import { detectFormat, readInputFile } from '../online/input-file.js';
import { ProgressReporter, type TtyAwareIo } from '../online/progress.js';
import { parseOptions, printJson, requireOption } from './inputs.js';

const USAGE = `usage: capscore send --file FILE [--input-format ndjson|csv] [--topic-for-type auto]
                     [--batch-size N] [--dry-run] [--format text|json]

Validates every record of an NDJSON or CSV file of input events exactly as the scorer does and
produces the valid ones to the input topic of their type, keyed by partnerId, in file order.
Invalid records are reported on stderr with their line number and not sent. A progress bar goes
to stderr; the summary (sent, invalid, per topic) to stdout.
  --file FILE          events: .ndjson (one event per line) or .csv (layout in docs/cli.md)
  --input-format F     ndjson or csv when the file name does not say
  --topic-for-type M   how the topic is chosen: auto (by event type, TOPIC_* settings; default)
  --batch-size N       records per produce request (default 500)
  --dry-run            validate and report only; send nothing
  --format text|json   summary format (default text)
Uses KAFKA_BROKERS and the TOPIC_* settings. Exit code 0 even when records were invalid.
`;

export const sendCommand: CliCommand = {
  summary: 'validate events from an NDJSON or CSV file and produce them to the input topics',
  usage: USAGE,
  async run(argv, io: TtyAwareIo) {
    const options = parseOptions(argv, {
      file: { type: 'string' },
      'input-format': { type: 'string' },
      'topic-for-type': { type: 'string', default: 'auto' },
      'batch-size': { type: 'string', default: '500' },
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const path = requireOption(options.file, 'file');
    if (options['topic-for-type'] !== 'auto') {
      throw new UsageError(`--topic-for-type ${options['topic-for-type']} is not supported (auto)`);
    }
    const batchSize = Number(options['batch-size']);
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      throw new UsageError('--batch-size must be an integer from 1 to 10000');
    }
    if (options.format !== 'text' && options.format !== 'json') {
      throw new UsageError(`--format ${options.format} is not supported (text, json)`);
    }
    const format = detectFormat(path, options['input-format']);
    const dryRun = options['dry-run'];

    const file = readInputFile(path, format);
    for (const bad of file.invalid) io.stderr(`${path}:${bad.line}: invalid (${bad.code}): ${bad.message}\n`);

    const config = onlineConfig();
    const perTopic: Record<string, number> = {};
    for (const role of INPUT_TOPIC_ROLES) {
      const n = file.valid.filter((r) => r.role === role).length;
      if (n > 0) perTopic[config.topics[role]] = n;
    }

    let sent = 0;
    if (!dryRun && file.valid.length > 0) {
      const producer = new EventProducer(cliKafka(config));
      const progress = new ProgressReporter(io, 'send', file.valid.length);
      try {
        await producer.connect();
        // Batches go one after another, in file order: with the idempotent producer and the
        // partnerId key, a partner's events reach its partition in the order of the file.
        for (let i = 0; i < file.valid.length; i += batchSize) {
          const batch = file.valid.slice(i, i + batchSize);
          await producer.send(
            batch.map((r) => ({ topic: config.topics[r.role], key: r.key, value: r.value })),
          );
          sent += batch.length;
          progress.update(sent);
        }
      } finally {
        progress.finish();
        await producer.disconnect();
      }
    }

    const summary = {
      file: path,
      format,
      dryRun,
      records: file.valid.length + file.invalid.length,
      valid: file.valid.length,
      sent,
      invalid: file.invalid.length,
      perTopic,
    };
    if (options.format === 'json') printJson(io, summary);
    else io.stdout(summaryText(summary));
    return EXIT_OK;
  },
};

function summaryText(s: {
  file: string;
  dryRun: boolean;
  records: number;
  valid: number;
  sent: number;
  invalid: number;
  perTopic: Record<string, number>;
}): string {
  const head = s.dryRun
    ? `dry run: ${s.records} records in ${s.file}: ${s.valid} valid (would be sent, nothing sent), ${s.invalid} invalid`
    : `sent ${s.sent} of ${s.records} records in ${s.file}; ${s.invalid} invalid (not sent)`;
  const topics = Object.entries(s.perTopic);
  const width = Math.max(0, ...topics.map(([t]) => t.length));
  return [head, ...topics.map(([topic, n]) => `  ${topic.padEnd(width)}  ${String(n).padStart(7)}`), ''].join(
    '\n',
  );
}
