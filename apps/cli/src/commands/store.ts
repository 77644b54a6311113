import { PartnerStore } from '@app/redis';
import { AGGREGATE_LAYOUT, takeChanges } from '@app/scoring';
import { type CliCommand, EXIT_OK, UsageError } from '../io.js';
import { onlineConfig } from '../online/config.js';
import { withStore } from '../online/store-session.js';
import { ProgressReporter } from '../online/progress.js';
import { parseOptions, printJson, subcommandOf } from './inputs.js';

const USAGE = `usage: capscore store migrate [--dry-run] [--format text|json]

Works on the Redis store named by REDIS_URL (or REDIS_CLUSTER_NODES) and REDIS_KEY_PREFIX.
  migrate   rewrites every partner still stored in an older layout in the current one, layout 3
            (a hash field per customer and person, short eventId digests). Older layouts: 1 (one
            deflated JSON value per partner, before 2026-11-28) and 2 (8-byte digests, the morning
            of 2026-11-28). The scorer and the api read them too and convert a partner at its next
            write, so this is optional: it makes the store's size and the cost of the first write
            of each old partner known up front. Safe beside a running scorer: every write is
            guarded by the partner's version, and a partner written meanwhile is already in the
            current layout. Progress goes to stderr.
  --dry-run         count the partners in each layout; write nothing
`;

/** Partners read per round trip. */
const PAGE = 200;

export const storeCommand: CliCommand = {
  summary: 'migrate the Redis store to the current layout',
  usage: USAGE,
  async run(argv, io) {
    const command = subcommandOf(argv, io, 'store', USAGE, ['migrate'] as const);
    if (typeof command === 'number') return command;
    const { rest } = command;
    const options = parseOptions(rest, {
      'dry-run': { type: 'boolean' },
      format: { type: 'string', default: 'text' },
    });
    const format = options.format;
    if (format !== 'text' && format !== 'json') {
      throw new UsageError(`--format ${format} is not supported (text, json)`);
    }
    const dryRun = options['dry-run'] === true;
    const config = onlineConfig();
    await withStore(config, async ({ redis, keys }) => {
      const store = new PartnerStore(redis, keys);
      const counts = { partners: 0, layout1: 0, layout2: 0, layout3: 0, migrated: 0, writtenMeanwhile: 0 };
      const { total } = await store.partnerPage(0, 1);
      const progress = new ProgressReporter(io, dryRun ? 'checking' : 'migrating', total, 'partners');
      for (let offset = 0; ; offset += PAGE) {
        const { partnerIds } = await store.partnerPage(offset, PAGE);
        if (partnerIds.length === 0) break;
        const rows = await store.load(partnerIds);
        await Promise.all(
          [...rows.values()].map(async (row) => {
            counts.partners++;
            if (row.version === 0 || !row.aggregate) return;
            counts[`layout${row.layout}`]++;
            if (row.layout === AGGREGATE_LAYOUT || dryRun) return;
            // The converted aggregate has every fact marked changed: this writes all of it anew.
            const committed = await store.commit(
              row.partnerId,
              row.version,
              takeChanges(row.aggregate),
              row.meta,
              [],
            );
            if (committed) counts.migrated++;
            else counts.writtenMeanwhile++;
          }),
        );
        progress.update(counts.partners);
      }
      progress.finish();
      if (format === 'json') printJson(io, counts);
      else {
        io.stdout(
          `${counts.partners} partner(s): ${counts.layout3} already in layout 3, ${counts.layout2} in layout 2, ${counts.layout1} in layout 1` +
            (dryRun
              ? ' (dry run: nothing written)\n'
              : `; ${counts.migrated} migrated, ${counts.writtenMeanwhile} written by a scorer meanwhile (now layout 3)\n`),
        );
      }
    });
    return EXIT_OK;
  },
};
