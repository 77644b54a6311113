import { slopePerHour, type Spread, summarize } from './soak-stats.js';

/** One sample of the soak, every --sample seconds. */
export interface SoakSample {
  /** Seconds since the producer started. */
  t: number;
  produced: number;
  consumed: number;
  lag: number;
  rssMb: number;
  heapUsedMb: number;
  redisUsedMb: number;
  redisKeys: number;
  designations: number;
  scores: number;
  dlq: number;
  transientFailures: number;
  cycles: number;
  /** The machine's 1-minute load average: other work on the host shows up here. */
  load1: number;
}

export const SAMPLE_COLUMNS = [
  't',
  'produced',
  'consumed',
  'lag',
  'rssMb',
  'heapUsedMb',
  'redisUsedMb',
  'redisKeys',
  'designations',
  'scores',
  'dlq',
  'transientFailures',
  'cycles',
  'load1',
] as const satisfies readonly (keyof SoakSample)[];

export function csvRow(s: SoakSample): string {
  return SAMPLE_COLUMNS.map((c) => (Number.isFinite(s[c]) ? String(Number(s[c].toFixed(3))) : '')).join(',');
}

export function slopes(window: readonly SoakSample[], countKeys: boolean) {
  return window.length > 2
    ? {
        lagRecords: slopePerHour(window, 'lag'),
        scorerRssMb: slopePerHour(window, 'rssMb'),
        scorerHeapUsedMb: slopePerHour(window, 'heapUsedMb'),
        redisUsedMb: slopePerHour(window, 'redisUsedMb'),
        redisKeys: countKeys ? slopePerHour(window, 'redisKeys') : null,
      }
    : null;
}

export function spreads(
  window: readonly SoakSample[],
  countKeys: boolean,
): Record<'lag' | 'rssMb' | 'heapUsedMb' | 'redisUsedMb' | 'redisKeys' | 'hostLoad1', Spread | null> {
  return {
    lag: summarize(window.map((s) => s.lag)),
    rssMb: summarize(window.map((s) => s.rssMb)),
    heapUsedMb: summarize(window.map((s) => s.heapUsedMb)),
    redisUsedMb: summarize(window.map((s) => s.redisUsedMb)),
    redisKeys: countKeys ? summarize(window.map((s) => s.redisKeys)) : null,
    hostLoad1: summarize(window.map((s) => s.load1)),
  };
}

export interface SoakSummary {
  run: {
    minutes: number;
    rate: number;
    partners: number;
    sampleSeconds: number;
    partitions: number;
    startedAt: string;
    universe: number;
    host: string;
  };
  produced: number;
  achievedRate: number;
  sendFailures: number;
  drained: boolean;
  drainSeconds: number;
  scorerAlive: boolean;
  final: SoakSample | undefined;
  steadyWindow: { fromSecond: number; toSecond: number; samples: number } | null;
  slopesPerHour: ReturnType<typeof slopes>;
  slopesPerHourWholeRun: ReturnType<typeof slopes>;
  stats: ReturnType<typeof spreads>;
  statsWholeRun: ReturnType<typeof spreads>;
}

/** The closing table: per metric, its spread and its slope per hour over both windows. */
export function soakReport(summary: SoakSummary): string {
  const rows: [string, keyof SoakSummary['stats'], keyof NonNullable<SoakSummary['slopesPerHour']> | null][] =
    [
      ['consumer lag (records)', 'lag', 'lagRecords'],
      ['scorer RSS (MB)', 'rssMb', 'scorerRssMb'],
      ['scorer heap used (MB)', 'heapUsedMb', 'scorerHeapUsedMb'],
      ['Redis used_memory (MB)', 'redisUsedMb', 'redisUsedMb'],
      ['Redis keys', 'redisKeys', 'redisKeys'],
      ['host load (1 min)', 'hostLoad1', null],
    ];
  const num = (x: number | null | undefined) => (x === null || x === undefined ? '-' : String(x));
  const window = summary.steadyWindow;
  const header = ['metric', 'min', 'p50', 'p95', 'max', 'slope/h whole run', 'slope/h steady'];
  const lines = rows.map(([label, stat, slope]) => {
    const st = summary.statsWholeRun[stat];
    return [
      label,
      num(st?.min),
      num(st?.p50),
      num(st?.p95),
      num(st?.max),
      num(slope && summary.slopesPerHourWholeRun?.[slope]),
      num(slope && summary.slopesPerHour?.[slope]),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] as string).length)));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ');
  return [
    '',
    `soak: ${summary.run.minutes} min at ${summary.run.rate} events/s, ${summary.run.partners} partners; produced ${summary.produced} (${summary.achievedRate}/s), ` +
      `scorer ${summary.scorerAlive ? 'alive' : 'DIED'}, ${summary.drained ? `lag 0 ${summary.drainSeconds} s after the producer stopped` : 'lag NOT drained within 60 s'}, ` +
      `dead letters ${num(summary.final?.dlq)}, designation events ${num(summary.final?.designations)}, transient failures ${num(summary.final?.transientFailures)}`,
    `spread over the whole run after its first minute; steady window: ${window ? `${window.fromSecond} s to ${window.toSecond} s (${window.samples} samples)` : 'none (the run ended before one cycle through the universe plus a minute)'}`,
    format(header),
    format(widths.map((w) => '-'.repeat(w))),
    ...lines.map(format),
    '',
  ].join('\n');
}

export function progressLine(s: SoakSample): string {
  return `${String(s.t).padStart(6)} ${String(s.produced).padStart(9)} ${String(s.lag).padStart(7)} ${s.rssMb.toFixed(1).padStart(7)} ${s.heapUsedMb.toFixed(1).padStart(8)} ${s.redisUsedMb.toFixed(1).padStart(9)} ${String(s.designations).padStart(7)} ${String(s.cycles).padStart(5)} ${s.load1.toFixed(1)}\n`;
}

export const PROGRESS_HEADER = `${'t(s)'.padStart(6)} ${'produced'.padStart(9)} ${'lag'.padStart(7)} ${'rss MB'.padStart(7)} ${'heap MB'.padStart(8)} ${'redis MB'.padStart(9)} ${'desig.'.padStart(7)} cycle load\n`;
