import type { HotPathResult } from './hot-path.bench.js';
import type { LatencyResult } from './latency.bench.js';
import type { PartnerMemory } from './memory.bench.js';
import type { PartnerSizeResult } from './partner-size.bench.js';
import type { PipelineRunResult, RunResult } from './pipeline-run.js';
import { sweepAnswer, type SweepResult } from './rate-sweep.bench.js';
import type { RebuildCheck } from './rebuild-check.js';
import type { RecoveryRun } from './recovery.bench.js';

export interface BenchSummary {
  date: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd?: number[];
  };
  options: Record<string, unknown>;
  produce?: { records: number; partners: number; seconds: number; perSecond: number };
  throughput?: {
    pipeline: PipelineRunResult;
    ceilingBefore: RunResult;
    ceilingAfter: RunResult;
    ratioToCeiling: number;
    scorerPeakRssBytes: number;
  };
  latency?: LatencyResult;
  hotPath?: HotPathResult;
  memory?: { partners: PartnerMemory[]; scorerPeakRssBytes: number };
  rebuild?: { run: PipelineRunResult; ratioToLive: number; check: RebuildCheck };
  scaleOut?: {
    one: number;
    two: PipelineRunResult;
    speedup: number;
    four?: PipelineRunResult;
    speedupFour?: number;
    recordsPerScorerCpuSecond?: { one: number; two: number; four: number };
    /** KAFKA_SESSION_TIMEOUT_MS of every scorer of the comparison. */
    sessionTimeoutMs?: number;
  };
  partnerSize?: { shapes: PartnerSizeResult[] };
  sweep?: SweepResult;
  recovery?: RecoveryRun[];
}

type Row = [what: string, measured: string, target: string, verdict: string];

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

export function rows(s: BenchSummary): Row[] {
  const out: Row[] = [];
  if (s.produce) {
    out.push([
      'produce (bench producer, acks=1)',
      `${n(s.produce.perSecond)} rec/s (${n(s.produce.records)} records, ${n(s.produce.partners)} partners)`,
      '',
      '',
    ]);
  }
  if (s.throughput) {
    const t = s.throughput;
    out.push([
      'consume-only ceiling (before / after)',
      `${n(t.ceilingBefore.perSecond)} / ${n(t.ceilingAfter.perSecond)} rec/s`,
      '',
      '',
    ]);
    out.push([
      'pipeline, 1 scorer, first→last applied',
      `${n(t.pipeline.perSecond)} rec/s (${t.pipeline.seconds.toFixed(1)} s)`,
      '≥ 30,000 rec/s',
      verdict(t.pipeline.perSecond >= 30_000),
    ]);
    out.push([
      'pipeline / ceiling',
      `${(t.ratioToCeiling * 100).toFixed(1)} %`,
      '≥ 50 %',
      verdict(t.ratioToCeiling >= 0.5),
    ]);
    const cpu = t.pipeline.scorerCpuSeconds;
    if (cpu > 0) {
      out.push([
        '  scorer CPU in the window (load-independent)',
        `${t.pipeline.seconds > 0 ? Math.round((100 * cpu) / t.pipeline.seconds) : 0} % of a core; ${n((t.pipeline.records - t.pipeline.appliedBeforeWindow) / cpu)} rec per CPU-s; Redis ${t.pipeline.redisCpuSeconds.toFixed(1)} CPU-s`,
        '',
        '',
      ]);
    }
    out.push([
      '  records per chunk / per partner evaluation',
      `${(t.pipeline.records / Math.max(1, t.pipeline.chunks)).toFixed(0)} / ${(t.pipeline.records / Math.max(1, t.pipeline.evaluations)).toFixed(1)}`,
      '',
      '',
    ]);
    out.push(['scorer peak RSS (throughput run)', mib(t.scorerPeakRssBytes), '', '']);
  }
  if (s.latency) {
    const l = s.latency;
    // Issue #12: p99 ≤ 50 ms at 2,000 records/s after the warm-up.
    out.push([
      `latency @ ${n(l.offeredPerSecond)} rec/s, produce→applied p50/p95/p99`,
      `${l.applied.p50} / ${l.applied.p95} / ${l.applied.p99} ms`,
      'p99 ≤ 50 ms',
      verdict(l.applied.p99 <= 50),
    ]);
    out.push([
      '  produce→outbox published p50/p95/p99',
      `${l.published.p50} / ${l.published.p95} / ${l.published.p99} ms`,
      '',
      '',
    ]);
    out.push([
      '  scorer CPU per measured record (idle polling included)',
      `${l.scorerCpuMsPerRecord} ms`,
      '',
      '',
    ]);
    out.push([
      `  warm-up (first ${n(l.warmup.seconds)} s, fresh scorer) applied p50/p95/p99`,
      `${l.warmup.applied.p50} / ${l.warmup.applied.p95} / ${l.warmup.applied.p99} ms`,
      '',
      '',
    ]);
    out.push([
      `  produce→designation published (${n(l.designation.count)})`,
      `${l.designation.p50} / ${l.designation.p95} / ${l.designation.p99} ms`,
      'p99 ≤ 100 ms',
      verdict(l.designation.p99 <= 100),
    ]);
  }
  if (s.hotPath) {
    const h = s.hotPath;
    out.push([
      `hot path in process (no Kafka/Redis), ${n(h.records)} records`,
      `${n(h.recordsPerCpuSecond)} rec per CPU-s (${h.microsecondsPerRecord.toFixed(1)} µs each; ${(h.records / h.evaluations).toFixed(1)} per evaluation)`,
      '',
      '',
    ]);
    out.push(['  allocated per record (sampled)', `${n(h.allocatedBytesPerRecord)} bytes`, '', '']);
  }
  if (s.memory) {
    for (const m of s.memory.partners) {
      // Issue #12's targets: typical ≤ 24 KiB, large ≤ 384 KiB.
      const limit = m.people >= 50 ? 384 * 1024 : 24 * 1024;
      out.push([
        `Redis, ${m.partnerId} (${m.people} people, ${m.customers}×${m.workloads}×${m.months})`,
        `${kib(m.redisBytes)} (facts ${kib(m.aggregateBytes)}, meta ${kib(m.metaBytes)})`,
        `≤ ${kib(limit)}`,
        verdict(m.redisBytes <= limit),
      ]);
    }
  }
  if (s.rebuild) {
    const r = s.rebuild;
    out.push([
      'rebuild from offset 0, empty prefix',
      `${n(r.run.perSecond)} rec/s (${r.run.seconds.toFixed(1)} s, ${(r.ratioToLive * 100).toFixed(0)} % of live)`,
      '≥ live',
      verdict(r.ratioToLive >= 0.95),
    ]);
    out.push([
      '  rebuilt = live: scores',
      `${n(r.check.scoresEqual)} of ${n(r.check.partners)} partners`,
      'all',
      verdict(r.check.scoresEqual === r.check.partners),
    ]);
    out.push([
      '  rebuilt = live: aggregates (exact / but orphan reversals)',
      `${n(r.check.aggregatesEqual)} / ${n(r.check.aggregatesEqualButOrphanReversals)}`,
      '',
      '',
    ]);
  }
  if (s.scaleOut) {
    out.push([
      'scale-out: 1 → 2 scorers',
      `${n(s.scaleOut.one)} → ${n(s.scaleOut.two.perSecond)} rec/s (×${s.scaleOut.speedup.toFixed(2)})`,
      '',
      '',
    ]);
    const { four, speedupFour, recordsPerScorerCpuSecond: cpu } = s.scaleOut;
    if (four && speedupFour !== undefined) {
      out.push([
        'scale-out: 1 → 4 scorers',
        `${n(s.scaleOut.one)} → ${n(four.perSecond)} rec/s (×${speedupFour.toFixed(2)})`,
        '',
        '',
      ]);
    }
    if (cpu) {
      out.push([
        '  records per scorer CPU second, 1 / 2 / 4 scorers',
        `${n(cpu.one)} / ${n(cpu.two)} / ${n(cpu.four)}`,
        '',
        '',
      ]);
    }
    const redone = [s.throughput?.pipeline, s.scaleOut.two, four].map((r) =>
      r ? r.handledPerRecord.toFixed(2) : '-',
    );
    out.push([
      `  records handled per record (1 = none redone), 1 / 2 / 4 scorers; session timeout ${(s.scaleOut.sessionTimeoutMs ?? 0) / 1000} s`,
      redone.join(' / '),
      '1',
      verdict(redone.every((r) => r === '-' || Number(r) <= 1.01)),
    ]);
  }
  if (s.partnerSize) out.push(...partnerSizeRows(s.partnerSize.shapes));
  if (s.sweep) out.push(...sweepRows(s.sweep));
  for (const r of s.recovery ?? []) {
    out.push([
      `recovery: scorer SIGKILL → its partitions processed again (session timeout ${r.sessionTimeoutMs / 1000} s)`,
      `${r.recoverySeconds.toFixed(1)} s, ${r.survivorAssignmentChanges} rebalance(s)`,
      '<= 10 s',
      verdict(r.recoverySeconds <= 10),
    ]);
  }
  return out;
}

function sweepRows(sw: SweepResult): Row[] {
  const out: Row[] = [];
  const target = `p99 ≤ ${sw.targetP99Ms} ms`;
  for (const st of sw.steps) {
    const late = st.lateRecords > 0 ? `, ${n(st.lateRecords)} late` : ', 0 late';
    const cpu = `, scorer ${st.scorerCpuSecondsPer1000Records.toFixed(3)} CPU-s / 1,000 rec`;
    out.push([
      `sweep @ ${n(st.offeredPerSecond)} rec/s, ${n(sw.partners)} partners, produce→applied p50/p95/p99`,
      `${st.applied.p50} / ${st.applied.p95} / ${st.applied.p99} ms (${n(st.records)} rec${late}${cpu}${st.dlq ? `, ${n(st.dlq)} DLQ` : ''})`,
      target,
      st.sustained ? verdict(st.withinTarget) : 'NOT SUSTAINED',
    ]);
  }
  out.push([`sweep: ${sweepAnswer(sw)}`, '', '', '']);
  if (sw.stoppedAfter) out.push(['  sweep stopped after', sw.stoppedAfter, '', '']);
  if (sw.failed) out.push(['  sweep failed', sw.failed.split('\n')[0] ?? '', '', 'FAILED']);
  return out;
}

function partnerSizeRows(shapes: readonly PartnerSizeResult[]): Row[] {
  const out: Row[] = [];
  for (const r of shapes) {
    const title = `partner-size ${r.shape} (${n(r.events)} events: ${n(r.people)} people, ${n(r.customers)}×${r.workloads}×${r.months})`;
    const loaded =
      r.loadSeconds === undefined
        ? 'not loaded'
        : `load ${r.loadSeconds.toFixed(1)} s (produce ${r.produceSeconds?.toFixed(1)} s)${r.dlq ? `, ${n(r.dlq)} DLQ` : ''}`;
    const rss = r.scorerPeakRssBytes ? `; scorer peak RSS ${mib(r.scorerPeakRssBytes)}` : '';
    out.push([title, `${loaded}${rss}`, '', r.gaveUp ? 'GAVE UP' : '']);
    if (r.gaveUp) out.push(['  gave up', r.gaveUp.split('\n')[0] ?? '', '', '']);
    if (r.redis) {
      out.push([
        '  Redis bytes / largest value',
        `${kib(r.redis.bytes)} in ${r.redis.keys} key(s) / ${kib(r.redis.largestValueBytes)}`,
        '',
        '',
      ]);
    }
    if (r.scoresEqualOffline !== undefined) {
      out.push([
        '  scores from Redis = offline engine',
        `${r.scoresEqualOffline}${r.differingDesignations?.length ? ` (differ: ${r.differingDesignations.join(', ')})` : ''}`,
        'true',
        verdict(r.scoresEqualOffline),
      ]);
    }
    const single = r.single;
    if (!single) continue;
    for (const [kind, l] of Object.entries(single.latencyMs)) {
      out.push([
        `  single ${kind}: produce→applied p50/p95/max`,
        `${l.p50} / ${l.p95} / ${l.max} ms (${l.count})`,
        '',
        '',
      ]);
    }
    out.push([
      '  scorer CPU per single event (net of idle / raw)',
      `${single.scorerCpuMsPerEventNet.toFixed(1)} / ${single.scorerCpuMsPerEvent.toFixed(1)} ms; idle ${single.scorerIdleCpuMsPerSecond.toFixed(1)} ms/s (raw includes idle polling)`,
      '',
      '',
    ]);
  }
  return out;
}

export function printTable(s: BenchSummary): void {
  const table = rows(s);
  const header: Row = ['measure', 'measured', 'target', ''];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[header, ...table].map((r) => r[i]?.length ?? 0)));
  const line = (r: Row) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const load = (l: number[] | undefined) => (l ?? []).map((x) => x.toFixed(1)).join(' ');
  process.stdout.write(
    `\ncapscore bench, ${s.date}, ${s.machine.cpus} × ${s.machine.cpuModel}, ${s.machine.memoryGiB} GiB, Node ${s.machine.node}\n`,
  );
  process.stdout.write(
    `load average (shared machine) at start ${load(s.machine.loadAverageAtStart)}, at end ${load(s.machine.loadAverageAtEnd)}\n`,
  );
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const r of table) process.stdout.write(`${line(r)}\n`);
}
