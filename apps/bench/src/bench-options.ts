export const PHASES = [
  'throughput',
  'latency',
  'memory',
  'rebuild',
  'scaleout',
  'partner-size',
  'sweep',
  'recovery',
  'hot-path',
] as const;
export type Phase = (typeof PHASES)[number];
/**
 * What a plain `npm run bench` runs: the phases it ran before partner-size existed, so that a
 * plain run stays comparable with earlier ones; partner-size, sweep and hot-path (in-process, the
 * throughput run's records) run when named (`--only`).
 */
export const DEFAULT_PHASES: readonly Phase[] = ['throughput', 'latency', 'memory', 'rebuild', 'scaleout'];
export const SHAPE_NAMES = ['typical', 'large', 'huge', 'giant'] as const;
export type ShapeName = (typeof SHAPE_NAMES)[number];

export interface BenchOptions {
  events: number;
  partners: number;
  phases: Set<Phase>;
  rate: number;
  durationSeconds: number;
  /** Seconds of the latency stream offered and drained before the measured window. */
  warmupSeconds: number;
  seed: number;
  partitions: number;
  /** SCORER_MAX_BATCH_EVENTS for every scorer (unset: the scorer's default). */
  maxBatchEvents?: number;
  /** Directory for the scorers' `node --cpu-prof` profiles (throughput run only). */
  cpuProfDir?: string;
  /**
   * KAFKA_SESSION_TIMEOUT_MS of the throughput, rebuild and scale-out scorers (unset: the default):
   * more scorers than cores can starve each other's heartbeats past the default.
   */
  sessionTimeoutMs?: number;
  /** partner-size: the partner shapes to measure, how long each may take, single events per kind. */
  shapes: ShapeName[];
  shapeTimeoutSeconds: number;
  singleEventsPerKind: number;
  /**
   * sweep: offered rates (records/s, increasing), partners the records are spread over, warm-up
   * and measured seconds per rate, and whether to go on after the first rate that misses.
   */
  sweepRates: number[];
  sweepPartners: number;
  sweepWarmupSeconds: number;
  sweepSeconds: number;
  sweepAll: boolean;
  /** recovery: the KAFKA_SESSION_TIMEOUT_MS values to measure (unset: the old 30 s and today's default). */
  recoverySessionTimeouts?: number[];
  out?: string;
}

const USAGE = `usage: npm run bench -- [--events N] [--partners N] [--only ${PHASES.join(',')}]
       [--rate N] [--duration S] [--warmup S] [--seed N] [--partitions N] [--max-batch N] [--session-timeout MS] [--cpu-prof DIR] [--out FILE]
       [--shapes ${SHAPE_NAMES.join(',')}] [--shape-timeout S] [--single-events N]   (partner-size; not in the default phases)
       [--sweep-rates N,N,...] [--sweep-partners N] [--sweep-warmup S] [--sweep-seconds S] [--sweep-all]   (sweep; not in the default phases)
       [--recovery-timeouts MS,MS,...]   (recovery: scorer SIGKILL to its partitions processed again; not in the default phases)`;

export class UsageError extends Error {}

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new UsageError(`${name} expects a positive integer, got ${value ?? '(nothing)'}\n${USAGE}`);
  }
  return n;
}

/** A comma-separated list of strictly increasing positive integers. */
function increasing(name: string, value: string | undefined): number[] {
  const list =
    value === undefined
      ? [positive(name, value)]
      : value.split(',').map((v) => positive(name, v.trim() || undefined));
  const unordered = list.findIndex((n, i) => i > 0 && n <= (list[i - 1] ?? 0));
  if (unordered >= 0) {
    throw new UsageError(`${name} expects strictly increasing rates, got ${value ?? '(nothing)'}\n${USAGE}`);
  }
  return list;
}

/** A comma-separated list of known names. */
function names<T extends string>(flag: string, value: string | undefined, known: readonly T[]): T[] {
  const list = (value ?? '').split(',').filter(Boolean);
  const unknown = list.filter((n) => !(known as readonly string[]).includes(n));
  if (list.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `${flag}: unknown name(s) ${unknown.join(', ') || '(none)'}; known: ${known.join(', ')}\n${USAGE}`,
    );
  }
  return list as T[];
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    events: 1_000_000,
    partners: 10_000,
    phases: new Set(DEFAULT_PHASES),
    rate: 2_000,
    durationSeconds: 60,
    warmupSeconds: 10,
    seed: 6,
    partitions: 4,
    shapes: ['typical', 'large', 'huge'],
    shapeTimeoutSeconds: 900,
    singleEventsPerKind: 20,
    sweepRates: [2_000, 4_000, 6_000, 8_000, 12_000, 16_000, 24_000],
    sweepPartners: 100_000,
    sweepWarmupSeconds: 5,
    sweepSeconds: 20,
    sweepAll: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    if (flag === '--sweep-all') {
      // The only flag without a value.
      options.sweepAll = true;
      continue;
    }
    const value = argv[i + 1];
    i++;
    switch (flag) {
      case '--events':
        options.events = positive(flag, value);
        break;
      case '--partners':
        options.partners = positive(flag, value);
        break;
      case '--rate':
        options.rate = positive(flag, value);
        break;
      case '--duration':
        options.durationSeconds = positive(flag, value);
        break;
      case '--warmup':
        options.warmupSeconds = positive(flag, value);
        break;
      case '--seed':
        options.seed = positive(flag, value);
        break;
      case '--partitions':
        options.partitions = positive(flag, value);
        break;
      case '--max-batch':
        options.maxBatchEvents = positive(flag, value);
        break;
      case '--session-timeout':
        options.sessionTimeoutMs = positive(flag, value);
        break;
      case '--cpu-prof':
        options.cpuProfDir = value;
        break;
      case '--out':
        options.out = value;
        break;
      case '--shape-timeout':
        options.shapeTimeoutSeconds = positive(flag, value);
        break;
      case '--single-events':
        options.singleEventsPerKind = positive(flag, value);
        break;
      case '--shapes':
        options.shapes = names(flag, value, SHAPE_NAMES);
        break;
      case '--sweep-rates':
        options.sweepRates = increasing(flag, value);
        break;
      case '--sweep-partners':
        options.sweepPartners = positive(flag, value);
        break;
      case '--sweep-warmup':
        options.sweepWarmupSeconds = positive(flag, value);
        break;
      case '--sweep-seconds':
        options.sweepSeconds = positive(flag, value);
        break;
      case '--recovery-timeouts':
        options.recoverySessionTimeouts = (value ?? '')
          .split(',')
          .map((v) => positive(flag, v.trim() || undefined));
        break;
      case '--only':
        options.phases = new Set(names(flag, value, PHASES));
        break;
      case '--help':
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}
