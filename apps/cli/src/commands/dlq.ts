import { DLQ_CODES, type DlqCode, decodeInputRecord } from '@app/contracts';
import { EventProducer, type OutgoingMessage, readTopicToEnd } from '@app/kafka';
import { cliKafka } from '../online/kafka.js';
import { type CliCommand, type CliIo, EXIT_OK, UsageError } from '../io.js';
import { onlineConfig } from '../online/config.js';
import {
  type DeadLetter,
  inputRoleOf,
  originalValue,
  parseOffsets,
  toDeadLetter,
} from '../online/dead-letters.js';
import { parseOptions, printJson, subcommandOf } from './inputs.js';

const USAGE = `usage: capscore dlq list [--limit N] [--code CODE] [--format text|json]
       capscore dlq redrive [--code CODE] [--offsets P:O,...] [--dry-run] [--format text|json]

Reads the dead-letter topic (TOPIC_DLQ) from the beginning up to its current end, in a fresh
consumer group (nothing is consumed away from anyone).
  list      prints the dead letters in DLQ order (partition, then offset): DLQ partition:offset,
            code, original topic/partition@offset, key and message (--format json: the records)
  redrive   re-validates each selected dead letter's original value with the current contracts
            and re-sends the valid ones, unchanged (same key, same value), to their original topic;
            still-invalid ones are reported on stderr and skipped. Every event carries its eventId,
            so re-sending one that was applied already changes nothing.
  --code CODE       only dead letters with this code:
                    ${DLQ_CODES.join(', ')}
  --offsets P:O,..  only these dead letters (DLQ partition:offset, as list prints them)
  --limit N         list at most N (default 100)
  --dry-run         redrive: report what would be re-sent; send nothing
`;

export const dlqCommand: CliCommand = {
  summary: 'list dead letters, or re-send them to their topics after a fix',
  usage: USAGE,
  async run(argv, io) {
    const command = subcommandOf(argv, io, 'dlq', USAGE, ['list', 'redrive'] as const);
    if (typeof command === 'number') return command;
    const { sub, rest } = command;
    const options = parseOptions(rest, {
      limit: { type: 'string', default: '100' },
      code: { type: 'string' },
      offsets: { type: 'string', multiple: true, default: [] },
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    });
    if (options.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    const code = options.code;
    if (code !== undefined && !(DLQ_CODES as readonly string[]).includes(code)) {
      throw new UsageError(`--code ${code} is not a DLQ code (${DLQ_CODES.join(', ')})`);
    }
    if (options.format !== 'text' && options.format !== 'json') {
      throw new UsageError(`--format ${options.format} is not supported (text, json)`);
    }
    let offsets: Set<string> | undefined;
    try {
      offsets = parseOffsets(options.offsets);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const limit = Number(options.limit);
    if (sub === 'list' && (!Number.isInteger(limit) || limit < 1)) {
      throw new UsageError('--limit must be a positive integer');
    }
    if (sub === 'list' && options['dry-run']) throw new UsageError('--dry-run goes with redrive');

    const config = onlineConfig();
    const kafka = cliKafka(config);
    const all = (await readTopicToEnd(kafka, config.topics.dlq, 'capscore-cli-dlq')).map(toDeadLetter);
    const selected = all.filter(
      (d) => (code === undefined || d.record?.code === code) && (offsets === undefined || offsets.has(d.at)),
    );
    const ctx = { io, topic: config.topics.dlq, json: options.format === 'json' };
    if (sub === 'list') return list(ctx, all.length, selected, limit);

    // Redrive: re-validate with today's contracts, then re-send what now passes.
    const seen = new Set<string>();
    const messages: (OutgoingMessage & { from: string })[] = [];
    const skipped: { at: string; reason: string; code?: string }[] = [];
    for (const d of selected) {
      if (!d.record) {
        skipped.push({ at: d.at, reason: d.unreadable ?? 'unreadable' });
        continue;
      }
      const { original } = d.record;
      const origin = `${original.topic}/${original.partition}@${original.offset}`;
      // The scorer may dead-letter a record twice (redelivery after a crash): send it once.
      if (seen.has(origin)) {
        skipped.push({ at: d.at, reason: `same original record as an earlier dead letter (${origin})` });
        continue;
      }
      seen.add(origin);
      const role = inputRoleOf(config.topics, original.topic);
      if (!role) {
        skipped.push({
          at: d.at,
          reason: `original topic ${original.topic} is not a configured input topic`,
        });
        continue;
      }
      // Only a 64 KiB excerpt of an oversized key or value is in the DLQ: re-sending it would
      // send a different record (a cut that happens to be valid JSON would even pass).
      if (original.truncated || original.keyTruncated) {
        skipped.push({
          at: d.at,
          reason: `only a 64 KiB excerpt of the original ${original.truncated ? 'value' : 'key'} was kept`,
        });
        continue;
      }
      const value = originalValue(d.record);
      const key = original.key === null ? null : Buffer.from(original.key, 'utf8');
      const decoded = decodeInputRecord(role, key, value);
      if (!decoded.ok) {
        skipped.push({
          at: d.at,
          code: decoded.code,
          reason: `still invalid (${decoded.code}): ${decoded.message}`,
        });
        continue;
      }
      messages.push({ topic: original.topic, key: original.key ?? '', value: value ?? '', from: d.at });
    }
    for (const s of skipped) io.stderr(`dlq ${s.at}: skipped, ${s.reason}\n`);
    if (!options['dry-run'] && messages.length > 0) {
      const producer = new EventProducer(kafka);
      try {
        await producer.connect();
        await producer.send(messages.map(({ topic, key, value }) => ({ topic, key, value })));
      } finally {
        await producer.disconnect();
      }
    }
    const perTopic: Record<string, number> = {};
    for (const m of messages) perTopic[m.topic] = (perTopic[m.topic] ?? 0) + 1;
    const summary = {
      dryRun: options['dry-run'],
      selected: selected.length,
      redriven: options['dry-run'] ? 0 : messages.length,
      redrivable: messages.length,
      skipped: skipped.length,
      perTopic,
      offsets: messages.map((m) => m.from),
    };
    if (ctx.json) printJson(io, summary);
    else {
      const verb = summary.dryRun ? 'would re-send' : 're-sent';
      io.stdout(
        [
          `${verb} ${messages.length} of ${selected.length} selected dead letters; ${skipped.length} skipped`,
          ...Object.entries(perTopic).map(([t, n]) => `  ${t}  ${n}`),
          '',
        ].join('\n'),
      );
    }
    return EXIT_OK;
  },
};

function list(
  ctx: { io: CliIo; topic: string; json: boolean },
  total: number,
  selected: DeadLetter[],
  limit: number,
): number {
  const shown = selected.slice(0, limit);
  ctx.io.stderr(
    `dlq: ${total} dead letters in ${ctx.topic}, ${selected.length} selected, ${shown.length} shown\n`,
  );
  if (ctx.json) {
    printJson(
      ctx.io,
      shown.map((d) => ({
        dlq: { partition: d.partition, offset: d.offset },
        ...(d.record ?? { unreadable: d.unreadable }),
      })),
    );
    return EXIT_OK;
  }
  const counts = new Map<DlqCode | 'unreadable', number>();
  for (const d of selected) {
    counts.set(d.record?.code ?? 'unreadable', (counts.get(d.record?.code ?? 'unreadable') ?? 0) + 1);
  }
  const lines = shown.map((d) => {
    if (!d.record) return `${d.at.padEnd(8)} unreadable       ${d.unreadable ?? ''}`;
    const o = d.record.original;
    return `${d.at.padEnd(8)} ${d.record.code.padEnd(16)} ${`${o.topic}/${o.partition}@${o.offset}`.padEnd(40)} key=${o.key ?? '(none)'}  ${d.record.message}`;
  });
  const byCode = [...counts].map(([c, n]) => `${c} ${n}`).join(', ');
  ctx.io.stdout([...lines, ...(selected.length > 0 ? [`by code: ${byCode}`] : []), ''].join('\n'));
  return EXIT_OK;
}
