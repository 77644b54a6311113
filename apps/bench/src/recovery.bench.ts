import { committedOffsets } from '@app/kafka';
import type { BenchInfra, InputTopics } from './bench-infra.js';
import { Progress } from './progress.js';
import { ScorerProcess } from './scorer-process.js';
import { produceAtRate, type BenchRecord } from './stream-producer.js';

export interface RecoveryRun {
  sessionTimeoutMs: number;
  /** Partitions the killed scorer owned. */
  orphaned: number[];
  /** Per orphaned partition: seconds from the SIGKILL to the survivor's first commit on it. */
  secondsToFirstCommit: Record<string, number>;
  /** The slowest of them: when every partition of the killed scorer was processed again. */
  recoverySeconds: number;
  /** How often the survivor's set of partitions changed after the kill (1 = one rebalance, no storm). */
  survivorAssignmentChanges: number;
}

const POLL_MS = 100;
const STEADY_MS = 5_000;

/**
 * Issue 13 item 5: two scorers share the partitions under a steady stream; one is SIGKILLed and
 * the time until the survivor commits on each of its partitions is measured (committed offsets
 * polled every 100 ms). That is the session timeout (the group coordinator hears nothing from the
 * dead member) plus the rebalance plus the survivor's first unit. Once per session timeout given.
 */
export async function recoveryBench(
  infra: BenchInfra,
  records: readonly BenchRecord[],
  rate: number,
  clock: number,
  sessionTimeouts: readonly number[],
): Promise<RecoveryRun[]> {
  const runs: RecoveryRun[] = [];
  for (const sessionTimeoutMs of sessionTimeouts) {
    runs.push(await oneRecovery(infra, records, rate, clock, sessionTimeoutMs));
  }
  return runs;
}

async function oneRecovery(
  infra: BenchInfra,
  records: readonly BenchRecord[],
  rate: number,
  clock: number,
  sessionTimeoutMs: number,
): Promise<RecoveryRun> {
  const name = `recovery-${sessionTimeoutMs}`;
  const progress = new Progress(name);
  const input = await infra.inputTopics(name);
  const output = await infra.outputTopics(name);
  const spec = (instance: string) => ({
    ...infra.scorerSpec(name, input, output, clock),
    name: `${name}-${instance}`,
    env: { KAFKA_SESSION_TIMEOUT_MS: String(sessionTimeoutMs) },
  });
  const victim = await ScorerProcess.start(spec('a'));
  const survivor = await ScorerProcess.start(spec('b'));
  try {
    await waitUntilShared(victim, survivor, infra.partitions);
    // Enough records for the steady phase, the session timeout and the recovery, at `rate`.
    const needed = Math.min(
      records.length,
      Math.ceil((rate * (STEADY_MS + sessionTimeoutMs + 30_000)) / 1000),
    );
    const producing = produceAtRate(infra.kafka, input, records.slice(0, needed), rate, progress);
    await new Promise((r) => setTimeout(r, STEADY_MS));
    const orphaned = await shards(victim);
    const survivorShards = JSON.stringify(await shards(survivor));
    process.kill(victim.pid as number, 'SIGKILL');
    const killedAt = Date.now();
    // Read after the kill (and after a commit already on the wire has landed): only the
    // survivor can move these offsets now.
    await new Promise((r) => setTimeout(r, 300));
    const before = await committed(infra, spec('a').groupId, input);
    progress.say(
      `SIGKILLed scorer a (partitions ${orphaned.join(',')}), session timeout ${sessionTimeoutMs} ms; waiting for scorer b to commit on them`,
    );
    const secondsToFirstCommit: Record<string, number> = {};
    let changes = 0;
    let lastShards = survivorShards;
    while (Object.keys(secondsToFirstCommit).length < orphaned.length && Date.now() - killedAt < 120_000) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const now = await committed(infra, spec('a').groupId, input);
      for (const p of orphaned) {
        if (secondsToFirstCommit[p] === undefined && (now.get(p) ?? 0n) > (before.get(p) ?? 0n)) {
          secondsToFirstCommit[p] = (Date.now() - killedAt) / 1000;
        }
      }
      const current = JSON.stringify(await shards(survivor).catch(() => []));
      if (current !== lastShards) {
        changes++;
        lastShards = current;
      }
    }
    await producing;
    const times = Object.values(secondsToFirstCommit);
    const recoverySeconds = times.length === orphaned.length ? Math.max(...times) : NaN;
    progress.say(
      `partitions of scorer a processed again after ${recoverySeconds.toFixed(2)} s (${changes} assignment change(s) of scorer b)`,
    );
    return {
      sessionTimeoutMs,
      orphaned,
      secondsToFirstCommit,
      recoverySeconds,
      survivorAssignmentChanges: changes,
    };
  } finally {
    await Promise.all([victim.stop(), survivor.stop()]);
    await infra.deleteKeys(spec('a').keyPrefix);
  }
}

/** The partitions a scorer owns, from its readiness answer. */
async function shards(scorer: ScorerProcess): Promise<number[]> {
  const body = (await (await fetch(`${scorer.url}/health/ready`)).json()) as { shards?: number[] };
  return body.shards ?? [];
}

/** Waits until the two scorers own disjoint, non-empty sets of partitions covering all of them. */
async function waitUntilShared(a: ScorerProcess, b: ScorerProcess, partitions: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const [sa, sb] = await Promise.all([shards(a).catch(() => []), shards(b).catch(() => [])]);
    if (
      sa.length > 0 &&
      sb.length > 0 &&
      new Set([...sa, ...sb]).size === partitions &&
      sa.length + sb.length === partitions
    ) {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the two recovery scorers never shared the partitions');
}

/** Per partition, the sum of its committed offsets over the input topics: it grows with any commit there. */
async function committed(
  infra: BenchInfra,
  groupId: string,
  input: InputTopics,
): Promise<Map<number, bigint>> {
  const result = new Map<number, bigint>();
  for (const [at, offset] of await committedOffsets(infra.kafka, groupId, Object.values(input))) {
    const partition = Number(at.slice(at.lastIndexOf('/') + 1));
    result.set(partition, (result.get(partition) ?? 0n) + offset);
  }
  return result;
}
