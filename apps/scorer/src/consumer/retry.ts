/**
 * Retries `work` with capped exponential backoff while `keepGoing()` holds. Used for transient
 * Redis/Kafka failures: the batch is neither dead-lettered nor committed, it waits.
 */
export async function retryWithBackoff<T>(
  work: () => Promise<T>,
  keepGoing: () => boolean,
  onFailure: (error: unknown, attempt: number, delayMs: number) => void,
  { initialMs = 200, maxMs = 10_000 } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!keepGoing()) throw error;
      const delayMs = Math.min(maxMs, initialMs * 2 ** (attempt - 1));
      onFailure(error, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
