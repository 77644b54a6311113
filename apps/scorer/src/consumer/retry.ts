/**
 * The wait before retry number `attempt` (1-based): exponential from `initialMs`, capped at
 * `maxMs`, then "equal jitter" (half fixed, half random) so that scorers and partitions that
 * failed together (a Redis failover, a broker restart) do not all come back in the same
 * millisecond, while each still waits at least half the step.
 */
export function backoffDelayMs(
  attempt: number,
  { initialMs = 200, maxMs = 10_000 } = {},
  random: () => number = Math.random,
): number {
  const step = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Runs `work`, calling `heartbeat` every `everyMs` until it settles. Timers fire whenever the
 * event loop is free (between slices of a unit, during Redis and Kafka round trips), so a
 * consumer whose unit takes longer than its session timeout stays in its group.
 */
export async function whileHeartbeating<T>(
  heartbeat: () => Promise<unknown>,
  work: () => Promise<T>,
  everyMs = 1000,
): Promise<T> {
  const timer = setInterval(() => void heartbeat(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

export interface RetryOptions {
  initialMs?: number;
  maxMs?: number;
  /**
   * Called about every `heartbeatEveryMs` while waiting: keeps the consumer in its group through
   * an outage shorter than the retries, so a short session timeout (quick takeover after a crash)
   * does not turn every Redis blip into a rebalance. Its failures are ignored (the next attempt
   * meets the rebalance, if there is one).
   */
  heartbeat?: () => Promise<void>;
  heartbeatEveryMs?: number;
  random?: () => number;
}

/**
 * Retries `work` with jittered, capped exponential backoff while `keepGoing()` holds. Used for
 * transient Redis/Kafka failures: the batch is neither dead-lettered nor committed, it waits.
 * `onFailure` sees every failure before the wait; it throws to give up (a fatal failure), and
 * that error is what the caller gets.
 */
export async function retryWithBackoff<T>(
  work: () => Promise<T>,
  keepGoing: () => boolean,
  onFailure: (error: unknown, attempt: number, delayMs: number) => void,
  options: RetryOptions = {},
): Promise<T> {
  const step = options.heartbeatEveryMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!keepGoing()) throw error;
      const delayMs = backoffDelayMs(attempt, options, options.random);
      onFailure(error, attempt, delayMs);
      for (let left = delayMs; left > 0; left -= step) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(step, left)));
        if (left > step && options.heartbeat) await options.heartbeat().catch(() => undefined);
      }
    }
  }
}
