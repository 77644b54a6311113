import { createHash } from 'node:crypto';
import { decodeInputRecord, type InputEvent, INPUT_TOPIC_ROLES } from '@app/contracts';
import { forEachRecordToEnd } from '@app/kafka';
import { PartnerHistoryStore } from '@app/redis';
import { encodeRebuiltHistory, eventsByPartner, rebuildPartnerHistory } from '@app/scoring';
import { type CliCommand, EXIT_OK, UsageError } from '../io.js';
import { onlineConfig } from '../online/config.js';
import { cliKafka } from '../online/kafka.js';
import { inputRoleOf } from '../online/dead-letters.js';
import { ProgressReporter } from '../online/progress.js';
import { withStore } from '../online/store-session.js';
import { loadProgramVersions, parseOptions, printJson, subcommandOf } from './inputs.js';

const USAGE = `usage: capscore history rebuild [--partner ID ...] [--shard I/N] [--format text|json]

Rebuilds the score history that GET /v1/partners/{id}/history serves (one snapshot per
designation per month, the designation events) from the log, for the partners the Redis store
holds. The scorer records history as it evaluates, at its own now, so a store rebuilt by
replaying the input topics has history only from the replay on; this fills in the past.
It reads the input topics (TOPIC_CERTIFICATIONS, TOPIC_REVENUE, TOPIC_CUSTOMER_SUCCESS) from the
beginning to their current end in a fresh consumer group, replays each partner's events as
\`capscore backtest\` does, from its first event to the pipeline's now (the fixed clock when
CAPSCORE_CLOCK is set), and replaces the partner's history up to that instant. What a running
scorer records from that instant on is kept, so it is safe beside running scorers. A partner of
the log that the store does not hold yet is left alone. Progress goes to stderr.
  --partner ID    only this partner (repeatable)
  --shard I/N     only the partners whose id hashes to I modulo N (0 <= I < N): the events of one
                  shard are held in memory at a time (about 1 KiB per event), so a large log is
                  rebuilt in N runs
  --format json   print the counts as JSON
`;

/** Partners whose rebuilt history is written concurrently. */
const CONCURRENT_PARTNERS = 32;

export const historyCommand: CliCommand = {
  summary: 'rebuild partners’ score history from the input topics',
  usage: USAGE,
  async run(argv, io) {
    const command = subcommandOf(argv, io, 'history', USAGE, ['rebuild'] as const);
    if (typeof command === 'number') return command;
    const options = parseOptions(command.rest, {
      partner: { type: 'string', multiple: true, default: [] },
      shard: { type: 'string' },
      format: { type: 'string', default: 'text' },
    });
    if (options.format !== 'text' && options.format !== 'json') {
      throw new UsageError(`--format ${options.format} is not supported (text, json)`);
    }
    const selected = partnerSelection(options.partner, options.shard);
    const config = onlineConfig();
    const programs = loadProgramVersions(config.programFiles);
    const kafka = cliKafka(config);
    const topics = INPUT_TOPIC_ROLES.map((role) => config.topics[role]);

    return withStore(config, async ({ redis, keys, now }) => {
      // The cut is read before the log: every record a scorer applies after it is recorded at a
      // now at or after the cut, which replaceHistory keeps.
      const cut = await now();
      const counts = { records: 0, invalid: 0, events: 0, partners: 0, rebuilt: 0, notInStore: 0 };
      const events: InputEvent[] = [];
      let reading: ProgressReporter | undefined;
      const onTotal = (records: number) =>
        (reading = new ProgressReporter(io, 'reading the log', records, 'records'));
      await forEachRecordToEnd(
        kafka,
        topics,
        'capscore-cli-history',
        (record) => {
          reading?.update(++counts.records);
          const role = inputRoleOf(config.topics, record.topic);
          if (role === undefined) return;
          const decoded = decodeInputRecord(role, record.key, record.value);
          // Invalid records went to the dead-letter topic when the scorer met them; a redriven one
          // is back in its input topic, and read there.
          if (!decoded.ok) {
            counts.invalid++;
            return;
          }
          if (!selected(decoded.event.partnerId)) return;
          counts.events++;
          events.push(decoded.event);
        },
        onTotal,
      );
      reading?.finish();

      const store = new PartnerHistoryStore(redis, keys);
      const partners = [...eventsByPartner(events)];
      events.length = 0;
      counts.partners = partners.length;
      const writing = new ProgressReporter(io, 'rebuilding history', partners.length, 'partners');
      for (let i = 0; i < partners.length; i += CONCURRENT_PARTNERS) {
        await Promise.all(
          partners.slice(i, i + CONCURRENT_PARTNERS).map(async ([partnerId, list]) => {
            const rebuilt = encodeRebuiltHistory(rebuildPartnerHistory(programs, partnerId, list, cut));
            if (await store.replaceHistory(partnerId, cut, rebuilt)) counts.rebuilt++;
            else counts.notInStore++;
          }),
        );
        writing.update(Math.min(partners.length, i + CONCURRENT_PARTNERS));
      }
      writing.finish();

      const result = { asOf: new Date(cut).toISOString(), ...counts };
      if (options.format === 'json') printJson(io, result);
      else {
        io.stdout(
          `history rebuilt up to ${result.asOf} for ${counts.rebuilt} partner(s) from ${counts.events} event(s) of ${counts.records} record(s)` +
            (counts.notInStore > 0
              ? `; ${counts.notInStore} partner(s) of the log not in the store yet, left alone`
              : '') +
            (counts.invalid > 0
              ? `; ${counts.invalid} invalid record(s) skipped (they are dead letters)`
              : '') +
            '\n',
        );
      }
      return EXIT_OK;
    });
  },
};

/** --partner and --shard as a predicate on partner ids. */
function partnerSelection(
  partners: readonly string[],
  shard: string | undefined,
): (partnerId: string) => boolean {
  const only = partners.length > 0 ? new Set(partners) : null;
  let inShard: (partnerId: string) => boolean = () => true;
  if (shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(shard);
    const index = Number(match?.[1]);
    const count = Number(match?.[2]);
    if (!match || count < 1 || index >= count) {
      throw new UsageError(`--shard ${shard}: expected I/N with 0 <= I < N, e.g. 0/4`);
    }
    inShard = (partnerId) => shardOf(partnerId, count) === index;
  }
  return (partnerId) => (only === null || only.has(partnerId)) && inShard(partnerId);
}

/** A stable shard of a partner id: the first 4 bytes of its SHA-1, modulo `count`. */
export function shardOf(partnerId: string, count: number): number {
  return createHash('sha1').update(partnerId, 'utf8').digest().readUInt32BE(0) % count;
}
