export const PHASES = ['throughput', 'latency', 'memory', 'rebuild', 'scaleout'] as const;
export type Phase = (typeof PHASES)[number];

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
  out?: string;
}

const USAGE = `usage: npm run bench -- [--events N] [--partners N] [--only ${PHASES.join(',')}]
       [--rate N] [--duration S] [--warmup S] [--seed N] [--partitions N] [--max-batch N] [--cpu-prof DIR] [--out FILE]`;

export class UsageError extends Error {}

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${name} expects a positive integer, got ${value ?? '(nothing)'}\n${USAGE}`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { events: 1_000_000, partners: 10_000, phases: new Set(PHASES), rate: 2_000, durationSeconds: 60, warmupSeconds: 10, seed: 6, partitions: 4 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    i++;
    switch (flag) {
      case '--events': options.events = positive(flag, value); break;
      case '--partners': options.partners = positive(flag, value); break;
      case '--rate': options.rate = positive(flag, value); break;
      case '--duration': options.durationSeconds = positive(flag, value); break;
      case '--warmup': options.warmupSeconds = positive(flag, value); break;
      case '--seed': options.seed = positive(flag, value); break;
      case '--partitions': options.partitions = positive(flag, value); break;
      case '--max-batch': options.maxBatchEvents = positive(flag, value); break;
      case '--cpu-prof': options.cpuProfDir = value; break;
      case '--out': options.out = value; break;
      case '--only': {
        const names = (value ?? '').split(',').filter(Boolean);
        const unknown = names.filter((n) => !(PHASES as readonly string[]).includes(n));
        if (names.length === 0 || unknown.length > 0) throw new UsageError(`--only: unknown phase(s) ${unknown.join(', ') || '(none)'}\n${USAGE}`);
        options.phases = new Set(names as Phase[]);
        break;
      }
      case '--help':
        throw new UsageError(USAGE);
      default:
        throw new UsageError(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}
