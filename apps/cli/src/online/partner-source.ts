import { PartnerStore } from '@app/redis';
import {
  type LifecycleState,
  type PartnerAggregate,
  type Program,
  emptyLifecycle,
  eventsByPartner,
  programAt,
  replayPartner,
} from '@app/scoring';
import { type CliIo, CommandFailure, UsageError } from '../io.js';
import { loadProgram, loadProgramVersions, parseInstantOption, readEvents } from '../commands/inputs.js';
import { onlineConfig } from './config.js';
import { withStore } from './store-session.js';

/** A partner's facts and lifecycle state, as `path` and `what-if` start from them. */
export interface PartnerSnapshot {
  program: Program;
  agg: PartnerAggregate;
  lifecycle: LifecycleState;
  /** The instant to evaluate at: --as-of, or the pipeline's now when reading Redis. */
  asOf: number;
}

/**
 * Offline: the partner's events in an NDJSON history file, replayed as the pipeline would have
 * lived them (every change point) up to asOf, so the lifecycle (held, anniversaries) is real.
 */
export function partnerFromFile(
  programFile: string | undefined,
  historyFile: string,
  partnerId: string,
  asOf: number,
  io: CliIo,
): PartnerSnapshot {
  const program = loadProgram(programFile);
  const list = eventsByPartner(readEvents(historyFile, io).filter((e) => e.partnerId === partnerId)).get(
    partnerId,
  );
  if (!list) throw new CommandFailure(`no events of partner ${partnerId} in ${historyFile}`);
  const first = Math.min(asOf, Date.parse(list[0]?.occurredAt ?? ''));
  const { agg, lifecycle } = replayPartner(program, partnerId, list, first, asOf);
  return { program, agg, lifecycle, asOf };
}

/**
 * Online: the partner as the scorer stored it in Redis (REDIS_URL or REDIS_CLUSTER_NODES,
 * REDIS_KEY_PREFIX), scored with the pipeline's program (the CAPSCORE_PROGRAM version in force) at asOf or the
 * pipeline's now (the fixed clock when CAPSCORE_CLOCK is set). Reads only.
 */
export async function partnerFromRedis(
  partnerId: string,
  asOf: number | undefined,
): Promise<PartnerSnapshot> {
  const config = onlineConfig();
  const versions = loadProgramVersions(config.programFiles);
  return withStore(config, async ({ redis, keys, now }) => {
    const row = (await new PartnerStore(redis, keys).load([partnerId])).get(partnerId);
    if (!row || row.version === 0 || !row.aggregate) throw new CommandFailure(`unknown partner ${partnerId}`);
    const at = asOf ?? (await now());
    return {
      program: programAt(versions, at),
      agg: row.aggregate,
      lifecycle: row.meta?.lifecycle ?? emptyLifecycle(),
      asOf: at,
    };
  });
}

/** The options of the commands that start from one partner (path, what-if). */
export const PARTNER_SOURCE_OPTIONS = {
  partner: { type: 'string' },
  'as-of': { type: 'string' },
  history: { type: 'string' },
  program: { type: 'string' },
  format: { type: 'string', default: 'text' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function textOrJson(format: string | undefined): 'text' | 'json' {
  if (format !== undefined && format !== 'text' && format !== 'json') {
    throw new UsageError(`--format ${format} is not supported (text, json)`);
  }
  return format ?? 'text';
}

/** The partner from --history (offline, --as-of required) or from Redis. */
export function snapshotOf(
  options: { history?: string | undefined; program?: string | undefined; 'as-of'?: string | undefined },
  partnerId: string,
  io: CliIo,
) {
  if (options.history !== undefined) {
    return Promise.resolve(
      partnerFromFile(
        options.program,
        options.history,
        partnerId,
        parseInstantOption(options['as-of'], 'as-of'),
        io,
      ),
    );
  }
  if (options.program !== undefined) {
    throw new UsageError("--program goes with --history (online, the pipeline's CAPSCORE_PROGRAM is used)");
  }
  return partnerFromRedis(
    partnerId,
    options['as-of'] === undefined ? undefined : parseInstantOption(options['as-of'], 'as-of'),
  );
}
