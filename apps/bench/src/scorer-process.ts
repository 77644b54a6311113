import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { topicEnvironment } from '@app/config';
import { freePort, repoRoot, requireBuiltApp } from '@app/testkit';
import type { InputTopics, OutputTopics } from './bench-infra.js';

const ROOT = repoRoot();

export interface ScorerSpec {
  name: string;
  brokers: string[];
  /** REDIS_URL or REDIS_CLUSTER_NODES (libs/config redisEnvironment). */
  redisEnv: { REDIS_URL: string } | { REDIS_CLUSTER_NODES: string };
  groupId: string;
  keyPrefix: string;
  input: InputTopics;
  output: OutputTopics;
  /** Epoch ms of the scorer's fixed clock (CAPSCORE_CLOCK); unset: the system clock (the soak). */
  clock?: number;
  maxBatchEvents?: number;
  /** Where the scorer's output goes (default .run/bench/scorer-<name>.log). */
  logFile?: string;
  /** Directory for `node --cpu-prof` output, when profiling. */
  cpuProfDir?: string;
  /** More settings for this scorer (e.g. KAFKA_SESSION_TIMEOUT_MS for the recovery phase). */
  env?: Record<string, string>;
}

export interface ScorerCounters {
  applied: number;
  dlq: number;
  /** Partner evaluations (apply + score + commit of one partner in one chunk). */
  evaluations: number;
  /** Chunks handled (capscore_batch_events count). */
  chunks: number;
  /** Score snapshot and designation outbox entries are counted by the output topics, not here. */
  transitions: number;
  /** Bucket upper bound (s) → cumulative count, per stage of capscore_record_latency_seconds. */
  latency: Map<string, [number, number][]>;
}

/** The real scorer app (dist build) as a child process, observed through its /metrics. */
export class ScorerProcess {
  /** Every scorer still running, so that an interrupted bench stops them all. */
  static readonly running = new Set<ScorerProcess>();
  private readonly output: string[] = [];
  private readonly exited: Promise<number | null>;
  private peakRss = 0;

  private constructor(
    readonly spec: ScorerSpec,
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    // The scorer's own log, kept for diagnosis next to the JSON summaries.
    const logFile = spec.logFile ?? join(ROOT, '.run', 'bench', `scorer-${spec.name}.log`);
    mkdirSync(dirname(logFile), { recursive: true });
    const log = createWriteStream(logFile);
    child.on('exit', () => log.end());
    const collect = (chunk: Buffer) => {
      log.write(chunk);
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.output.push(line);
      if (this.output.length > 200) this.output.splice(0, this.output.length - 200);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    ScorerProcess.running.add(this);
    void this.exited.then(() => ScorerProcess.running.delete(this));
  }

  static async start(spec: ScorerSpec): Promise<ScorerProcess> {
    const main = requireBuiltApp('scorer');
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      KAFKA_BROKERS: spec.brokers.join(','),
      KAFKA_CLIENT_ID: `capscore-bench-${spec.name}`,
      KAFKA_GROUP_ID: spec.groupId,
      ...spec.redisEnv,
      REDIS_KEY_PREFIX: spec.keyPrefix,
      ...topicEnvironment({ ...spec.input, ...spec.output }),
      SCORER_HTTP_PORT: String(port),
      ...(spec.clock === undefined ? {} : { CAPSCORE_CLOCK: new Date(spec.clock).toISOString() }),
      // CAPSCORE_BENCH_LOG_LEVEL=debug logs every unit's timings to .run/bench/scorer-<name>.log.
      LOG_LEVEL: process.env.CAPSCORE_BENCH_LOG_LEVEL ?? 'warn',
      KAFKAJS_NO_PARTITIONER_WARNING: '1',
    };
    if (spec.maxBatchEvents) env.SCORER_MAX_BATCH_EVENTS = String(spec.maxBatchEvents);
    Object.assign(env, spec.env);
    // Node/V8 flags to try on the scorers (e.g. --max-semi-space-size=64 --trace-gc) without a rebuild.
    const extraFlags = (process.env.CAPSCORE_BENCH_SCORER_FLAGS ?? '').split(' ').filter(Boolean);
    const flags = [
      ...extraFlags,
      ...(spec.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${spec.cpuProfDir}`] : []),
    ];
    const child = spawn(process.execPath, [...flags, main], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const scorer = new ScorerProcess(spec, child, `http://127.0.0.1:${port}`);
    try {
      await scorer.waitReady();
    } catch (error) {
      await scorer.stop();
      throw error;
    }
    return scorer;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) break;
      const ok = await fetch(`${this.url}/health/ready`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `scorer ${this.spec.name} not ready after ${timeoutMs} ms:\n${this.output.slice(-20).join('\n')}`,
    );
  }

  async counters(): Promise<ScorerCounters> {
    return this.parseCounters(await this.metricsText());
  }

  /**
   * The counters if /metrics answers within `timeoutMs`, else null: for progress lines while the
   * scorer may sit in a long synchronous step (a huge partner), where counters() would wait.
   */
  async countersWithin(timeoutMs: number): Promise<ScorerCounters | null> {
    try {
      const response = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
      return this.parseCounters(await response.text());
    } catch {
      return null;
    }
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private parseCounters(text: string): ScorerCounters {
    let applied = 0;
    let dlq = 0;
    let evaluations = 0;
    let chunks = 0;
    let transitions = 0;
    const value = (line: string) => Number(line.slice(line.lastIndexOf(' ') + 1));
    const latency = new Map<string, [number, number][]>();
    for (const line of text.split('\n')) {
      if (line.startsWith('capscore_events_applied_total{')) {
        applied += Number(line.slice(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith('capscore_dlq_records_total{')) dlq += value(line);
      else if (line.startsWith('capscore_evaluation_seconds_count')) evaluations += value(line);
      else if (line.startsWith('capscore_batch_events_count')) chunks += value(line);
      else if (line.startsWith('capscore_designation_transitions_total{')) transitions += value(line);
      else if (line.startsWith('capscore_record_latency_seconds_bucket{')) {
        const le = /le="([^"]+)"/.exec(line)?.[1];
        const stage = /stage="([^"]+)"/.exec(line)?.[1] ?? '';
        if (le === undefined) continue;
        const list = latency.get(stage) ?? [];
        list.push([le === '+Inf' ? Infinity : Number(le), Number(line.slice(line.lastIndexOf(' ') + 1))]);
        latency.set(stage, list);
      }
    }
    this.samplePeakRss();
    return { applied, dlq, evaluations, chunks, transitions, latency };
  }

  /**
   * The scorer evaluates a whole chunk synchronously, so on a busy machine /metrics can go
   * unanswered for seconds: retry while the process lives, give up after two minutes.
   */
  private async metricsText(): Promise<string> {
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        return await (await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(60_000) })).text();
      } catch (error) {
        const exited = this.child.exitCode !== null || this.child.signalCode !== null;
        if (exited || Date.now() > deadline) {
          throw new Error(
            `scorer ${this.spec.name} (${exited ? 'exited' : 'running'}) did not answer /metrics: ${String(error)}\n${this.tail(30)}`,
            { cause: error },
          );
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /**
   * CPU seconds (user + system) the process has used so far (Linux /proc/<pid>/stat, in clock
   * ticks of 1/100 s). On a shared machine, records per CPU second is the figure that load on
   * other processes does not distort.
   */
  cpuSeconds(): number {
    try {
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return 0;
    }
  }

  /** VmRSS: the process's resident set now (Linux), in bytes; NaN once it has exited. */
  residentBytes(): number {
    try {
      return (
        Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))?.[1] ?? NaN) *
        1024
      );
    } catch {
      return NaN;
    }
  }

  /**
   * The sum over all label sets of each named metric, if /metrics answers within `timeoutMs`
   * (NaN for a metric it does not list, or for all when it does not answer).
   */
  async metricSums<N extends string>(names: readonly N[], timeoutMs: number): Promise<Record<N, number>> {
    const text = await fetch(`${this.url}/metrics`, { signal: AbortSignal.timeout(timeoutMs) }).then(
      (r) => r.text(),
      () => '',
    );
    const sums = Object.fromEntries(names.map((n) => [n, NaN])) as Record<N, number>;
    for (const line of text.split('\n')) {
      const name = names.find((n) => line.startsWith(`${n} `) || line.startsWith(`${n}{`));
      if (name !== undefined) {
        sums[name] =
          (Number.isNaN(sums[name]) ? 0 : sums[name]) + Number(line.slice(line.lastIndexOf(' ') + 1));
      }
    }
    return sums;
  }

  /** VmHWM: the kernel's high-water mark of the process's resident set (Linux). */
  samplePeakRss(): number {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      this.peakRss = Math.max(this.peakRss, kb * 1024);
    } catch {
      /* exited: keep the last sample */
    }
    return this.peakRss;
  }

  tail(lines = 20): string {
    return this.output.slice(-lines).join('\n');
  }

  async stop(): Promise<void> {
    this.samplePeakRss();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timeout = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await this.exited;
    clearTimeout(timeout);
  }
}
